using Wbcheck.Concurrency.Lassos;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// A race of the kernel model's threads, on any era it applies to. Each iteration builds a fresh
/// kernel on the engine's runtime, with every invariant that applies to the era watching:
/// tag/flag coherence (list/flag coherence in the list era, which has no tags) and the counters
/// after each step, integrity of WB_SYNC_ALL syncs and truncate/reclaim safety at their events.
/// </summary>
public abstract class RaceScenario(ScenarioOptions options) : ITestProgram, ILassoConfigurations
{
    private KernelConfig? kernelConfig;

    public ScenarioOptions Options { get; } = options;

    public abstract string Name { get; }

    /// <summary>What the scenario races and what it checks, one sentence.</summary>
    public abstract string Description { get; }

    public virtual bool Terminates => true;

    /// <summary>
    /// Whether the race exists on <paramref name="era"/> at all (a scenario that removes io_pages
    /// needs an era that has them). <see cref="Expectations.NotApplicable"/> says why not.
    /// </summary>
    public virtual bool AppliesTo(KernelEra era) => true;

    /// <summary>
    /// The gated setting (<see cref="EraSettings"/>) the scenario cannot run without, if any: on an
    /// era whose kernel lacked it, refusing the scenario names the setting and its release.
    /// </summary>
    public virtual EraSetting? Needs => null;

    /// <summary>
    /// Whether the file's size comes from <see cref="ScenarioOptions.Pages"/>; the other scenarios
    /// fix their own page count, and a page count asked of them is refused rather than ignored.
    /// </summary>
    public virtual bool UsesPages => false;

    /// <summary>
    /// <see cref="DefaultConfiguration"/> with its step bounds grown with the file: a pass over
    /// N pages takes a few decisions a page, so a file of thousands of pages that holds must not
    /// be reported as running out of steps.
    /// </summary>
    public TestingConfiguration Configuration => DefaultConfiguration with
    {
        MaxSteps = Math.Max(DefaultConfiguration.MaxSteps, StepsPerPage * Options.Pages),
        LivenessBound = Math.Max(DefaultConfiguration.LivenessBound!.Value, StepsPerPage / 2 * Options.Pages),
    };

    /// <summary>Decisions allowed a page of the file: about three are taken (a walk, its I/O, its completion).</summary>
    private const int StepsPerPage = 10;

    /// <summary>The faults the scenario's kernel runs with: the options' plus any the scenario itself is about.</summary>
    protected virtual Faults KernelFaults => Options.Faults;

    /// <summary>
    /// How the race scenarios are tested by default. The unfair phase of PCT and DFS is kept
    /// short: a thread starved for thousands of steps (a writer given them all before fsync tags
    /// its pages) leaves the others legitimately long work, which a liveness bound would then
    /// mistake for a livelock; the bound is generous because every I/O completion competes for
    /// fair steps too. Every race here shows itself within a few dozen steps.
    /// </summary>
    public static TestingConfiguration DefaultConfiguration { get; } = TestingConfiguration.Default with
    {
        MaxSteps = 10_000,
        MaxUnfairSteps = 200,
        LivenessBound = 5_000,
    };

    /// <summary>
    /// The same scenario with the era's least ratelimit_pages and a bio of 1, 2, 4 or 8 pages,
    /// then with that ratelimit alone, where smaller than its own: the knobs that bound a kernel
    /// livelock's cycle (docs/search.md, "What bounds a cycle"). The least is
    /// writeback_set_ratelimit's floor, 16, from 2.6; in the list era, 2.5.31's RATELIMIT_PAGES on
    /// its largest pages, 8 (<see cref="ScenarioOptions.LeastRatelimitPages"/>). A one-page bio is
    /// not always the shortest: each bio costs its walk a submission and a completion.
    /// </summary>
    public IEnumerable<ITestProgram> SmallerConfigurations()
    {
        if (!ScenarioCatalog.Names.Contains(Name))
        {
            yield break;
        }

        var least = ScenarioOptions.LeastRatelimitPages(Options.Era);
        var ratelimit = (Options.RatelimitPages ?? UnbootedRatelimitPages) > least ? least : Options.RatelimitPages;
        var smaller = SmallerBios
            .Where(bio => bio < (Options.BioPages ?? ScenarioOptions.MaxBioPages))
            .Select(bio => Options with { BioPages = bio, RatelimitPages = ratelimit })
            .Append(Options with { RatelimitPages = ratelimit })
            .Select(SmallerOwnParts);
        foreach (var options in smaller.Where(options => options != Options))
        {
            yield return ScenarioCatalog.Create(Name, options);
        }
    }

    /// <summary>
    /// What else of <paramref name="options"/> a scenario shrinks for its lasso search (its file,
    /// where the prefix must first get past what it holds): nothing by default.
    /// </summary>
    protected virtual ScenarioOptions SmallerOwnParts(ScenarioOptions options) => options;

    /// <summary>Bio sizes the lasso search tries, in pages.</summary>
    private static readonly int[] SmallerBios = [1, 2, 4, 8];

    /// <summary>ratelimit_pages before writeback_set_ratelimit sizes it (the scenarios do not boot the throttle); 2.5.31's is 128, above it too.</summary>
    private const int UnbootedRatelimitPages = 32;

    /// <summary>The machine <paramref name="options"/> give: memory= pages, or 32 per CPU for each page of ratelimit=, else the model's.</summary>
    private static Machine MachineOf(ScenarioOptions options) => (options.MemoryPages, options.RatelimitPages) switch
    {
        ({ }, { }) => throw new ArgumentException("a scenario takes memory= or ratelimit=, not both: the machine's memory sizes its ratelimit"),
        ({ } memory, null) => Machine.Default with { TotalPages = memory },
        (null, { } ratelimit) => Machine.Default with { TotalPages = ratelimit * 32L * Machine.Default.OnlineCpus },
        _ => Machine.Default,
    };

    // The faults recorded are the ones the kernel runs with, a scenario's own included.
    public IReadOnlyDictionary<string, string> Parameters => (Options with { Faults = KernelFaults }).ToParameters();

    public void Setup(ProgramSetup setup)
    {
        if (!AppliesTo(Options.Era))
        {
            throw new InvalidOperationException($"scenario '{Name}' does not apply to {Options.Era.Info().Version}");
        }

        // The model reports what each step reads and writes (Model/Runtime/AccessLog): DFS may
        // skip schedules that only reorder independent steps.
        setup.DeclareFootprints();

        // The configuration is immutable: one for every iteration.
        kernelConfig ??= Configure(new KernelConfig
        {
            Era = Options.Era,
            Faults = KernelFaults,
            BatchSize = Options.BatchSize,
            BioMaxPages = Options.BioPages ?? KernelConfig.Default.BioMaxPages,
            Machine = MachineOf(Options),
        });
        var kernel = new Kernel(setup.Runtime, kernelConfig);
        if (kernel.Era.RatelimitIsFixed())
        {
            // 2.5.31's RATELIMIT_PAGES is a constant, whatever the machine: ratelimit= builds
            // the kernel with another (the lasso search's smaller configurations).
            if (Options.RatelimitPages is { } built)
            {
                kernel.Throttle.BuildWithRatelimitPages(built);
            }
        }
        else if (Options.RatelimitPages is not null || Options.MemoryPages is not null)
        {
            // What page_writeback_init's sizing makes of that machine (nothing else of the boot:
            // its timer would add a thread to every scenario).
            kernel.Throttle.WritebackSetRatelimit();
        }

        if (kernel.Throttle.PerBdi)
        {
            // The floating proportions as page_writeback_init sets them, a period about the dirty
            // threshold (docs/search.md, "Lassos and the floating proportions").
            kernel.Throttle.InitProportions();
        }

        kernel.Observers.Add(new IntegrityMonitor(kernel));
        kernel.Observers.Add(new TruncateMonitor());
        kernel.Observers.Add(new ReclaimInodeReference(kernel));
        kernel.Observers.Add(new WritebackBudget());
        kernel.Observers.Add(new WritePastEof());
        kernel.Observers.Add(new EofTailZeroed());

        // A scenario's own invariant that states the bug more closely than a common one, which
        // the same step would also break, is checked (and reported) first.
        AddFirstInvariants(kernel, setup);

        // Each era is checked against the coherence rule its cache has: tags, or page lists.
        if (Options.Era.HasPageTags())
        {
            setup.AddStateInvariant(TagFlagCoherence.Name, () => TagFlagCoherence.Check(kernel));
        }
        else
        {
            setup.AddStateInvariant(ListFlagCoherence.Name, () => ListFlagCoherence.Check(kernel));
        }

        setup.AddStateInvariant(Accounting.Name, () => Accounting.Check(kernel));
        setup.AddStateInvariant(NoSilentClean.Name, () => NoSilentClean.Check(kernel));

        // Nothing to check unless the scenario's device needs stable pages.
        var stablePages = new StablePages(kernel);
        kernel.Observers.Add(stablePages);
        setup.AddSafetyMonitor(StablePages.Name, stablePages.Check);

        setup.AddStateInvariant(EvictedMappingEmpty.Name, () => EvictedMappingEmpty.Check(kernel));
        setup.DescribeState(() => KernelState.Describe(kernel));
        Build(kernel, setup);
    }

    /// <summary>Create the files and spawn the threads of one iteration.</summary>
    protected abstract void Build(Kernel kernel, ProgramSetup setup);

    /// <summary>
    /// Add the scenario's invariants that come before the common ones (which a scenario's own,
    /// added in <see cref="Build"/>, follow): before any file exists, so they look at the kernel.
    /// </summary>
    protected virtual void AddFirstInvariants(Kernel kernel, ProgramSetup setup)
    {
    }

    /// <summary>The kernel's configuration made from the options; a scenario that needs its own machine or sysctls changes it here.</summary>
    protected virtual KernelConfig Configure(KernelConfig config) => config;
}
