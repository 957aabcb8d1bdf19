namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>
    /// The background threshold background writeout stops under, for an ordinary task: the
    /// era's global one from 2.6.29 (get_dirty_limits with dirty_bytes and the era's dirtyable
    /// memory, global_dirty_limits from 2.6.36), 2.6.20's get_dirty_limits before, and 2.5.31's
    /// unclamped dirty_background_ratio in the list era.
    /// </summary>
    public long BackgroundThresholdOfEra() =>
        IoLess ? BackgroundThreshold()
        : kernel.Era.BalanceDirtyPagesLooksOnce() ? ListEraThresholds().Background
        : PerBdi ? (long)GlobalDirtyLimitsNow(TaskStruct.Ordinary).Background
        : GetDirtyLimits(null, TaskStruct.Ordinary).Background;

    /// <summary>
    /// The line a dirtier is throttled at, for an ordinary task, and what it is called: from 3.19
    /// the I/O-less throttle's hard limit; in 2.6.29 and 2.6.36 the era's global dirty threshold
    /// (the disk's share never exceeds it); 2.6.20's get_dirty_limits before; in the list era
    /// 2.5.31's async threshold, over which the dirtier writes a chunk itself.
    /// </summary>
    public (long Threshold, string What) DirtyThresholdOfEra() =>
        IoLess ? ((long)HardDirtyLimitNow(), "hard dirty limit")
        : kernel.Era.BalanceDirtyPagesLooksOnce() ? (ListEraThresholds().Dirty, "async threshold")
        : PerBdi ? ((long)GlobalDirtyLimitsNow(TaskStruct.Ordinary).Dirty, "dirty threshold")
        : (GetDirtyLimits(null, TaskStruct.Ordinary).Dirty, "dirty threshold");
}
