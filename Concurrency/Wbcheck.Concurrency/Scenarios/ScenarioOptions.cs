using System.Globalization;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>How a race scenario is built: which kernel, how big, and whether in its small form.</summary>
public sealed record ScenarioOptions
{
    public static ScenarioOptions Default { get; } = new();

    public KernelEra Era { get; init; } = KernelEras.Current;

    /// <summary>Pages of the file the scenario works on (each scenario has its own minimum).</summary>
    public int Pages { get; init; } = 4;

    /// <summary>Pages one tag lookup returns: small, so batch boundaries fall inside the file.</summary>
    public int BatchSize { get; init; } = 2;

    /// <summary>
    /// The small configuration, for exhaustive search: threads that would run on without bound
    /// (a dirtier) stop after a few operations, and files are as small as the race allows.
    /// </summary>
    public bool Small { get; init; }

    /// <summary>
    /// BIO_MAX_PAGES of the scenario's kernel, null for the model's 256: a device whose queue takes
    /// fewer pages a request (the list era's bio_add_page refuses a page past the queue's
    /// max_sectors) fills a bio sooner. The lasso search lowers it (a bio is one cycle of a walk
    /// that keeps its pages locked until the bio goes).
    /// </summary>
    public int? BioPages { get; init; }

    /// <summary>
    /// ratelimit_pages as writeback_set_ratelimit sizes it at boot, null for the model's unbooted
    /// 32: the machine then has 32 times as many pages a CPU (16 is the kernel's floor). In the list
    /// era, RATELIMIT_PAGES built in (8 at least: <see cref="LeastRatelimitPages"/>). The lasso
    /// search lowers it (the per-CPU count is state, so a cycle dirties a multiple of it).
    /// </summary>
    public int? RatelimitPages { get; init; }

    /// <summary>
    /// vm_total_pages of the scenario's machine, null for the model's 2^18 pages unbooted: the
    /// machine is booted as page_writeback_init sizes it (ratelimit_pages, and in the 2.6.29 and
    /// 2.6.36 eras the floating proportions' period from calc_period_shift, about the dirty
    /// threshold). The lasso search does not try it: on a booted machine a cycle must bring the
    /// proportions back, so it takes whole periods of events (docs/search.md, "Lassos and the
    /// floating proportions"). Not with <see cref="RatelimitPages"/>, which it sets.
    /// </summary>
    public int? MemoryPages { get; init; }

    /// <summary>
    /// The scenario's disk has completed nothing before boot, where the scenario would boot one
    /// that has written (<see cref="DirtyThrottle.DiskHasWritten"/>; sync-vs-background-b-io, docs/eras.md
    /// section 103): from 3.19 the flusher's per-disk background test then finds the disk over its
    /// share of 0 from its first dirty page, and its own wb_workfn writes beside the scenario's
    /// threads. Off by default (the era matrix runs without it); other scenarios boot a fresh disk
    /// anyway and ignore it.
    /// </summary>
    public bool FreshDisk { get; init; }

    /// <summary>Bugs switched into the model, to prove the scenario's monitors catch them.</summary>
    public Faults Faults { get; init; } = Faults.None;

    /// <summary>
    /// The filesystem the scenario's files live on: null for the model's <see cref="SimpleFs"/>
    /// with the options the scenario asks of it; otherwise a user's filesystem model (the checks
    /// of Wbcheck.Properties.Filesystems). A trace does not record it: a trace of a user's
    /// filesystem replays in that user's tests, not from the command line.
    /// </summary>
    public Func<Kernel, IWritebackFilesystem>? Filesystem { get; init; }

    /// <summary>The filesystem of <see cref="Filesystem"/>, or a <see cref="SimpleFs"/> with <paramref name="simple"/>.</summary>
    public IWritebackFilesystem CreateFilesystem(Kernel kernel, SimpleFsOptions simple) =>
        Filesystem is { } create ? create(kernel) : new SimpleFs(kernel, simple);

    /// <summary>The options as a trace records them (era=2.6.20, pages=4, ...); <see cref="FromParameters"/> reads them back.</summary>
    public IReadOnlyDictionary<string, string> ToParameters()
    {
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["era"] = Era.Info().Version,
            ["pages"] = Pages.ToString(CultureInfo.InvariantCulture),
            ["batch"] = BatchSize.ToString(CultureInfo.InvariantCulture),
            ["small"] = Small ? "yes" : "no",
            ["faults"] = string.Join("+", Faults.Active()) is { Length: > 0 } faults ? faults : "none",
        };
        if (BioPages is { } bio)
        {
            parameters[BioKey] = bio.ToString(CultureInfo.InvariantCulture);
        }

        if (RatelimitPages is { } ratelimit)
        {
            parameters[RatelimitKey] = ratelimit.ToString(CultureInfo.InvariantCulture);
        }

        if (MemoryPages is { } memory)
        {
            parameters[MemoryKey] = memory.ToString(CultureInfo.InvariantCulture);
        }

        if (FreshDisk)
        {
            parameters[DiskKey] = FreshDiskValue;
        }

        return parameters;
    }

    /// <summary>Parameters written only when set, so traces recorded before them still read back.</summary>
    private const string BioKey = "bio";

    private const string RatelimitKey = "ratelimit";

    private const string MemoryKey = "memory";

    private const string DiskKey = "disk";

    private const string FreshDiskValue = "fresh";

    /// <summary>The largest machine memory= gives, in pages (2^30: 4 TiB).</summary>
    public const int MaxMemoryPages = 1 << 30;

    /// <summary>BIO_MAX_PAGES of the model: a bio carries at most this many pages.</summary>
    public const int MaxBioPages = 256;

    /// <summary>writeback_set_ratelimit's bounds: never fewer than 16 pages, nor more than four megabytes.</summary>
    public const int MinRatelimitPages = 16;

    /// <summary>
    /// The fewest pages between looks a kernel of <paramref name="era"/> can have: in the list era
    /// the least RATELIMIT_PAGES any of its architectures was built with (8, ia64's 64 KB pages:
    /// a constant, no floor), from 2.6 writeback_set_ratelimit's floor of 16.
    /// </summary>
    public static int LeastRatelimitPages(KernelEra era) =>
        era.RatelimitIsFixed() ? (int)DirtyThrottle.LeastRatelimitPages2531 : MinRatelimitPages;

    public const int MaxRatelimitPages = 1024;

    /// <summary>The options a trace's parameters record, exactly as <see cref="ToParameters"/> wrote them.</summary>
    /// <exception cref="ArgumentException">A parameter is missing, unknown or has a value it cannot have.</exception>
    public static ScenarioOptions FromParameters(IReadOnlyDictionary<string, string> parameters)
    {
        var expected = Default.ToParameters().Keys.Append(BioKey).Append(RatelimitKey).Append(MemoryKey).Append(DiskKey).ToList();
        if (parameters.Keys.FirstOrDefault(key => !expected.Contains(key)) is { } unknown)
        {
            throw new ArgumentException($"unknown scenario parameter '{unknown}'; scenarios have {string.Join(", ", expected)}");
        }

        string Get(string key) => parameters.TryGetValue(key, out var value)
            ? value
            : throw new ArgumentException($"the scenario parameter '{key}' is missing");

        if (parameters.ContainsKey(MemoryKey) && parameters.ContainsKey(RatelimitKey))
        {
            throw new ArgumentException($"the scenario parameters '{MemoryKey}' and '{RatelimitKey}' cannot both be set: the machine's memory sizes its ratelimit");
        }

        var era = KernelEras.Parse(Get("era"));
        return new ScenarioOptions
        {
            Era = era,
            Pages = PositiveNumber("pages", Get("pages"), ScenarioLimits.MaxPages),
            BatchSize = PositiveNumber("batch", Get("batch"), ScenarioLimits.MaxBatchSize),
            Small = Get("small") switch
            {
                "yes" => true,
                "no" => false,
                var other => throw new ArgumentException($"the scenario parameter 'small' is '{other}', not yes or no"),
            },
            Faults = ParseFaults(Get("faults")),
            BioPages = parameters.TryGetValue(BioKey, out var bio) ? PositiveNumber(BioKey, bio, MaxBioPages) : null,
            RatelimitPages = parameters.TryGetValue(RatelimitKey, out var ratelimit) ? Ratelimit(ratelimit, LeastRatelimitPages(era)) : null,
            MemoryPages = parameters.TryGetValue(MemoryKey, out var memory) ? PositiveNumber(MemoryKey, memory, MaxMemoryPages) : null,
            FreshDisk = parameters.TryGetValue(DiskKey, out var disk) && (disk == FreshDiskValue
                ? true
                : throw new ArgumentException($"the scenario parameter '{DiskKey}' is '{disk}', not {FreshDiskValue}")),
        };
    }

    private static int Ratelimit(string text, int least) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= least && value <= MaxRatelimitPages
            ? value
            : throw new ArgumentException($"the scenario parameter '{RatelimitKey}' is '{text}', not a whole number from {least} to {MaxRatelimitPages}");

    private static int PositiveNumber(string key, string text, int maximum) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= maximum
            ? value
            : throw new ArgumentException($"the scenario parameter '{key}' is '{text}', not a whole number from 1 to {maximum}");

    private static Faults ParseFaults(string text)
    {
        if (text == "none")
        {
            return Faults.None;
        }

        // A fresh record whose switches are set by name: the names are those Faults.Active() writes.
        var faults = new Faults();
        foreach (var name in text.Split('+'))
        {
            var property = typeof(Faults).GetProperty(name);
            if (property is null || property.PropertyType != typeof(bool))
            {
                throw new ArgumentException($"the scenario parameter 'faults' names '{name}', which is not a fault switch of this model");
            }

            property.SetValue(faults, true);
        }

        return faults;
    }
}
