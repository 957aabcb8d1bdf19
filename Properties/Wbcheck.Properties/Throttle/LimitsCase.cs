using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Properties.Throttle;

/// <summary>
/// Everything get_dirty_limits reads: the machine's memory, the two ratios, the mapped and
/// anonymous counts, whether the mapping may use high memory, and the task's flags. Counts are
/// each anywhere in [0, memory], so together they may exceed memory, as the kernel's per-CPU
/// summed counters can for a moment.
/// </summary>
public sealed record LimitsCase(
    long TotalPages,
    long TotalHighPages,
    int DirtyRatio,
    int DirtyBackgroundRatio,
    long FileMapped,
    long AnonPages,
    bool LowMemoryMapping,
    bool LessThrottle,
    bool RealTime)
{
    public static Arbitrary<LimitsCase> Arbitrary { get; } = Arb.From(Generate(), Shrink);

    public Machine Machine => new() { TotalPages = TotalPages, TotalHighPages = TotalHighPages };

    public VmSysctls Sysctls => VmSysctls.Default with { DirtyRatio = DirtyRatio, DirtyBackgroundRatio = DirtyBackgroundRatio };

    public TaskStruct Task => new() { Comm = "writer", LessThrottle = LessThrottle, RealTime = RealTime };

    public bool IsValid =>
        TotalPages is >= 1 and <= Machine.MaxPages && TotalHighPages >= 0 && TotalHighPages <= TotalPages
        && DirtyRatio is >= 0 and <= 100 && DirtyBackgroundRatio is >= 0 and <= 100
        && FileMapped >= 0 && FileMapped <= TotalPages && AnonPages >= 0 && AnonPages <= TotalPages;

    public override string ToString() =>
        $"{TotalPages} page(s), {TotalHighPages} high; dirty_ratio {DirtyRatio}, dirty_background_ratio {DirtyBackgroundRatio}; " +
        $"mapped {FileMapped}, anon {AnonPages}; {(LowMemoryMapping ? "low-memory" : "any-memory")} mapping; " +
        (LessThrottle || RealTime ? $"{(LessThrottle ? "PF_LESS_THROTTLE " : "")}{(RealTime ? "real-time " : "")}task" : "ordinary task");

    private static Gen<LimitsCase> Generate() =>
        from total in Sizes.Spread(1, Machine.MaxPages)
        from high in Gen.Frequency((1, Gen.Constant(0L)), (1, Gen.Constant(total)), (2, Sizes.Uniform(0, total)))
        from dirtyRatio in Gen.Choose(0, 100)
        from backgroundRatio in Gen.Choose(0, 100)
        from mapped in Sizes.Uniform(0, total)
        from anon in Sizes.Uniform(0, total)
        from lowMemory in Gen.Elements(false, true)
        from lessThrottle in Gen.Elements(false, true)
        from realTime in Gen.Elements(false, true)
        select new LimitsCase(total, high, dirtyRatio, backgroundRatio, mapped, anon, lowMemory, lessThrottle, realTime);

    private static IEnumerable<LimitsCase> Shrink(LimitsCase c)
    {
        var candidates =
            Sizes.Toward(c.TotalPages, 1).Select(v => c with { TotalPages = v, TotalHighPages = Math.Min(c.TotalHighPages, v), FileMapped = Math.Min(c.FileMapped, v), AnonPages = Math.Min(c.AnonPages, v) })
            .Concat(Sizes.Toward(c.TotalHighPages, 0).Select(v => c with { TotalHighPages = v }))
            .Concat(Sizes.Toward(c.DirtyRatio, 0).Select(v => c with { DirtyRatio = (int)v }))
            .Concat(Sizes.Toward(c.DirtyBackgroundRatio, 0).Select(v => c with { DirtyBackgroundRatio = (int)v }))
            .Concat(Sizes.Toward(c.FileMapped, 0).Select(v => c with { FileMapped = v }))
            .Concat(Sizes.Toward(c.AnonPages, 0).Select(v => c with { AnonPages = v }))
            .Concat(Sizes.Toward(c.LowMemoryMapping).Select(v => c with { LowMemoryMapping = v }))
            .Concat(Sizes.Toward(c.LessThrottle).Select(v => c with { LessThrottle = v }))
            .Concat(Sizes.Toward(c.RealTime).Select(v => c with { RealTime = v }));
        return candidates.Where(candidate => candidate.IsValid);
    }
}
