using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// The monitors' own count of whether the disk's background writeout is owed, from the model's
/// counters as the kernel's over_bground_thresh states the rule, not through the flusher's test
/// (<see cref="Mm.Throttle.DirtyThrottle.OverBgroundThresh"/>): a test made too generous there is
/// then seen as a pass nothing owed (<see cref="BackgroundWriteoutMonitor"/>), where asking the
/// test itself would have agreed with it. It shares with the model the thresholds
/// (global_dirty_limits) and the counters, not the comparison or the share.
/// </summary>
[Models("fs/fs-writeback.c", "over_bground_thresh", "3.6")]
[Models("mm/page-writeback.c", "wb_over_bg_thresh (the root wb)", "6.9")]
public static class BackgroundWritebackOwed
{
    /// <summary>
    /// True when the machine's dirty and unstable pages are at or over the era's background
    /// threshold (over it from 2.6.37); or, from 3.2, when the root wb's are over its share of
    /// that threshold: the threshold times the wb's completions over every completion (a disk
    /// that has completed nothing has a share of 0), at most its max_ratio percent of it.
    /// The cap is the disk's max_ratio unscaled: no scenario that installs the monitors sets a
    /// max_ratio under 100 with cgroup writeback, where wb_min_max_ratio scales it by bandwidth.
    /// </summary>
    public static bool Now(Kernel kernel)
    {
        var era = kernel.Era;
        var throttle = kernel.Throttle;
        var vmstat = kernel.Vmstat;
        var machine = vmstat.NrFileDirty + vmstat.NrUnstableNfs;
        var threshold = throttle.BackgroundThresholdOfEra();
        if (era.FlusherBackgroundTestIsStrict() ? machine > threshold : machine >= threshold)
        {
            return true;
        }

        if (!era.FlusherTestsDiskBackgroundShare())
        {
            return false;
        }

        // The root wb's WB_RECLAIMABLE: the machine's less each cgwb's own.
        var root = (long)machine;
        foreach (var wb in throttle.CgroupWbs)
        {
            root -= Math.Max(0, wb.Reclaimable);
        }

        var written = throttle.WbWritten(null);
        var everyCompletion = Math.Max(Math.Max((ulong)vmstat.NrWritten, written), 1);
        var share = (ulong)threshold * written / everyCompletion;
        var cap = (ulong)threshold * (ulong)kernel.BackingDev.MaxRatio / 100;
        return Math.Max(0, root) > (long)Math.Min(share, cap);
    }

    /// <summary>What <see cref="Now"/> counted, for a monitor's message.</summary>
    public static string Describe(Kernel kernel)
    {
        var vmstat = kernel.Vmstat;
        var describe = $"{vmstat.NrFileDirty + vmstat.NrUnstableNfs} dirty and unstable page(s), {(kernel.Era.FlusherBackgroundTestIsStrict() ? "not over" : "under")} its threshold of {kernel.Throttle.BackgroundThresholdOfEra()}";
        return kernel.Era.FlusherTestsDiskBackgroundShare()
            ? $"{describe}, and the disk's not over its share ({kernel.Throttle.WbWritten(null)} of {vmstat.NrWritten} completion(s))"
            : describe;
    }
}
