using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Properties.Throttle;

/// <summary>
/// A machine about to throttle a writer: memory small enough that its thresholds are a few dozen
/// pages (two cases in three have at most 100 pages, where the files' pages are over them), the sysctls, mapped, anonymous and unstable NFS counts, laptop mode, the writer's
/// flags, a few files of dirty pages, some under writeback, some of those dirty again, and the
/// era of the writeback code underneath (the throttle's promises do not depend on it).
/// </summary>
public sealed record BalanceCase(
    KernelEra Era,
    int OnlineCpus,
    long TotalPages,
    int DirtyRatio,
    int DirtyBackgroundRatio,
    long FileMapped,
    long AnonPages,
    long UnstableNfs,
    bool LaptopMode,
    bool LessThrottle,
    IReadOnlyList<BalanceFile> Files)
{
    public const long MaxPages = 4096;

    /// <summary>
    /// The throttle modelled is 2.6.20's; the list-based writeback of 2.5 predates it, and the
    /// two together never shipped (on them balance_dirty_pages can loop: not yet explained).
    /// </summary>
    private const KernelEra OldestEra = KernelEra.V2_6_20;

    public static Arbitrary<BalanceCase> Arbitrary { get; } = Arb.From(Generate(), Shrink);

    public Machine Machine => new() { OnlineCpus = OnlineCpus, TotalPages = TotalPages };

    public VmSysctls Sysctls => VmSysctls.DefaultOf(Era) with
    {
        DirtyRatio = DirtyRatio,
        DirtyBackgroundRatio = DirtyBackgroundRatio,
        LaptopMode = LaptopMode ? 5 * Model.Time.Timers.Hz : 0,
    };

    public TaskStruct Task => new() { Comm = "writer", LessThrottle = LessThrottle };

    public bool IsValid =>
        OnlineCpus is >= 1 and <= 4 && TotalPages is >= 1 and <= MaxPages
        && DirtyRatio is >= 0 and <= 100 && DirtyBackgroundRatio is >= 0 and <= 100
        && FileMapped is >= 0 && FileMapped <= TotalPages && AnonPages is >= 0 && AnonPages <= TotalPages
        && UnstableNfs >= 0 && Files.Count >= 1 && Files.All(f => f.IsValid);

    public override string ToString() =>
        $"era {Era.Info().Version}; {OnlineCpus} CPU(s), {TotalPages} page(s); dirty_ratio {DirtyRatio}, dirty_background_ratio {DirtyBackgroundRatio}; " +
        $"mapped {FileMapped}, anon {AnonPages}, unstable {UnstableNfs}; {(LaptopMode ? "laptop mode; " : "")}" +
        $"{(LessThrottle ? "PF_LESS_THROTTLE" : "ordinary")} task; files [{string.Join("; ", Files)}]";

    /// <summary>The cases one shrinking step away, valid ones only.</summary>
    public static IEnumerable<BalanceCase> Shrink(BalanceCase c)
    {
        var fewerFiles = Enumerable.Range(0, c.Files.Count > 1 ? c.Files.Count : 0)
            .Select(i => c with { Files = [.. c.Files.Where((_, j) => j != i)] });
        var smallerFiles = Enumerable.Range(0, c.Files.Count).SelectMany(i => ShrinkFile(c.Files[i]).Select(f => c with { Files = [.. c.Files.Select((old, j) => j == i ? f : old)] }));
        var candidates = fewerFiles
            .Concat(smallerFiles)
            .Concat(Sizes.Toward((int)c.Era, (int)OldestEra).Select(v => c with { Era = (KernelEra)v }))
            .Concat(Sizes.Toward(c.OnlineCpus, 1).Select(v => c with { OnlineCpus = (int)v }))
            .Concat(Sizes.Toward(c.TotalPages, 1).Select(v => c with { TotalPages = v, FileMapped = Math.Min(c.FileMapped, v), AnonPages = Math.Min(c.AnonPages, v) }))
            .Concat(Sizes.Toward(c.DirtyRatio, 0).Select(v => c with { DirtyRatio = (int)v }))
            .Concat(Sizes.Toward(c.DirtyBackgroundRatio, 0).Select(v => c with { DirtyBackgroundRatio = (int)v }))
            .Concat(Sizes.Toward(c.FileMapped, 0).Select(v => c with { FileMapped = v }))
            .Concat(Sizes.Toward(c.AnonPages, 0).Select(v => c with { AnonPages = v }))
            .Concat(Sizes.Toward(c.UnstableNfs, 0).Select(v => c with { UnstableNfs = v }))
            .Concat(Sizes.Toward(c.LaptopMode).Select(v => c with { LaptopMode = v }))
            .Concat(Sizes.Toward(c.LessThrottle).Select(v => c with { LessThrottle = v }));
        return candidates.Where(candidate => candidate.IsValid);
    }

    private static IEnumerable<BalanceFile> ShrinkFile(BalanceFile f) =>
        Sizes.Toward(f.Dirty, 0).Select(v => new BalanceFile((int)v, Math.Min(f.Writeback, (int)v), Math.Min(f.Redirtied, (int)v)))
            .Concat(Sizes.Toward(f.Writeback, 0).Select(v => f with { Writeback = (int)v, Redirtied = Math.Min(f.Redirtied, (int)v) }))
            .Concat(Sizes.Toward(f.Redirtied, 0).Select(v => f with { Redirtied = (int)v }));

    private static Gen<BalanceFile> GenerateFile() =>
        from dirty in Gen.Choose(0, 40)
        from writeback in Gen.Choose(0, dirty)
        from redirtied in Gen.Choose(0, writeback)
        select new BalanceFile(dirty, writeback, redirtied);

    private static Gen<BalanceCase> Generate() =>
        from era in Gen.Elements(KernelEras.All.Select(e => e.Era).Where(e => e.AtLeast(OldestEra)).ToArray())
        from cpus in Gen.Choose(1, 4)
        from total in Gen.Frequency((2, Sizes.Uniform(1, 100)), (1, Sizes.Spread(1, MaxPages)))
        from dirtyRatio in Gen.Choose(0, 100)
        from backgroundRatio in Gen.Choose(0, 100)
        from mapped in Sizes.Uniform(0, total)
        from anon in Sizes.Uniform(0, total)
        from unstable in Gen.Frequency((2, Gen.Constant(0L)), (1, Sizes.Uniform(0, 20)))
        from laptopMode in Gen.Elements(false, true)
        from lessThrottle in Gen.Elements(false, true)
        from fileCount in Gen.Choose(1, 3)
        from files in Gen.ListOf(GenerateFile(), fileCount)
        select new BalanceCase(era, cpus, total, dirtyRatio, backgroundRatio, mapped, anon, unstable, laptopMode, lessThrottle, [.. files]);
}
