namespace Wbcheck.Conformance.Cases;

/// <summary>
/// One case of get_dirty_limits: the machine's memory (vm_total_pages, totalhigh_pages), the
/// mapped and anonymous page counts, the two sysctls, the mapping asked about (none, one that may
/// use high memory, one that may not) and the task (PF_LESS_THROTTLE, real-time).
/// </summary>
public sealed record DirtyLimitsCase(
    long TotalPages,
    long HighPages,
    long Mapped,
    long Anon,
    int DirtyRatio,
    int BackgroundRatio,
    int Mapping,
    bool LessThrottle,
    bool RealTime) : IConformanceCase
{
    public long[] ShimPages() => [];

    public long[] ShimControl() =>
        [TotalPages, HighPages, Mapped, Anon, DirtyRatio, BackgroundRatio, Mapping, LessThrottle ? 1 : 0, RealTime ? 1 : 0];

    public override string ToString() =>
        $"vm_total_pages {TotalPages} totalhigh_pages {HighPages} NR_FILE_MAPPED {Mapped} NR_ANON_PAGES {Anon} " +
        $"vm_dirty_ratio {DirtyRatio} dirty_background_ratio {BackgroundRatio} " +
        $"mapping {(Mapping == 0 ? "none" : Mapping == 1 ? "highmem" : "lowmem only")}{(LessThrottle ? " PF_LESS_THROTTLE" : "")}{(RealTime ? " rt_task" : "")}";
}
