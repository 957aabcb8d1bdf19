namespace Wbcheck.Model.Invariants;

/// <summary>
/// The monitors' own count of whether the disk's background writeout is owed, from the model's
/// counters as the kernel's over_bground_thresh states the rule, not through the flusher's test
/// (<see cref="Mm.Throttle.DirtyThrottle.OverBgroundThresh"/>): a test made too generous there is
/// then seen as a pass nothing owed (<see cref="BackgroundWriteoutMonitor"/>), where asking the
/// test itself would have agreed with it. It shares with the model the thresholds
/// (global_dirty_limits) and the counters, not the comparison or the share. The rule is the one
/// of over_bground_thresh (fs/fs-writeback.c, 3.x) and of wb_over_bg_thresh for the root wb
/// (mm/page-writeback.c, 4.2 on; read in 6.9); this checker restates it and models neither, so it
/// carries no citation attribute (the flusher's test, <see cref="Mm.Throttle.DirtyThrottle.OverBgroundThresh"/>,
/// is their model).
/// </summary>
public static class BackgroundWritebackOwed
{
    /// <summary>
    /// True when the machine's dirty and unstable pages are at or over the era's background
    /// threshold (over it from 2.6.37); or, from 3.2, when the root wb's are over its share of
    /// that threshold: the threshold times the wb's completions over every completion (a disk
    /// that has completed nothing has a share of 0), at most its max_ratio percent of it.
    /// The cap is the disk's max_ratio unscaled, right only without cgroup writeback or with
    /// max_ratio 100: with cgroup wbs, wb_min_max_ratio scales it by the wb's share of the disk's
    /// bandwidth, which this count does not model, so that configuration is refused.
    /// </summary>
    /// <exception cref="InvalidOperationException">The kernel has cgroup wbs and a max_ratio under 100.</exception>
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

        if (throttle.CgroupWbs.Count > 0 && kernel.BackingDev.MaxRatio < 100)
        {
            throw new InvalidOperationException(
                $"the background monitors' own count (BackgroundWritebackOwed) caps the root wb's share with the disk's max_ratio unscaled, " +
                $"but this kernel has {throttle.CgroupWbs.Count} cgroup wb(s) and max_ratio {kernel.BackingDev.MaxRatio}, where wb_min_max_ratio scales it by bandwidth: " +
                "leave max_ratio at 100 where the monitors are installed with cgroup writeback, or model the scaled cap here first");
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
