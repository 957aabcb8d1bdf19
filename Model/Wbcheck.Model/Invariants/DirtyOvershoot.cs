namespace Wbcheck.Model.Invariants;

/// <summary>
/// The promise of writeback_set_ratelimit: with every CPU dirtying at once, dirty memory goes at
/// most ratelimit_pages per CPU (about 1/32 of memory in all) over the dirty threshold before
/// the throttle cuts in. Checked on dirty and unstable pages, the pages a throttled task can
/// write: pages it has already put under writeback are not bounded by this promise, since a
/// task that wrote its chunk goes on without waiting for that I/O. Holds for ordinary tasks, each
/// calling balance_dirty_pages_ratelimited once a page, on a highmem-capable mapping.
/// <para>
/// From 3.19 (the I/O-less throttle) the line is the hard limit (the threshold, or
/// global_dirty_limit if higher), where a dirtier's rate drops to zero and it pauses until the
/// flusher brings memory under: a task leaves balance_dirty_pages only after a look under that
/// limit, and its CPU's bdp_ratelimits sends it back within ratelimit_pages pages, so the
/// overshoot is again at most ratelimit_pages per CPU.
/// </para>
/// </summary>
public static class DirtyOvershoot
{
    public const string Name = "dirty memory overshoots the dirty threshold by at most ratelimit_pages per CPU";

    /// <summary>The violation, or null.</summary>
    public static string? Check(Kernel kernel)
    {
        var throttle = kernel.Throttle;
        var (threshold, what) = throttle.DirtyThresholdOfEra();
        var cpus = kernel.Config.Machine.OnlineCpus;
        var bound = threshold + (cpus * throttle.RatelimitPages);
        var vmstat = kernel.Vmstat;
        var reclaimable = vmstat.NrFileDirty + vmstat.NrUnstableNfs;
        return reclaimable <= bound
            ? null
            : $"{reclaimable} dirty and unstable page(s) exceed the {what} {threshold} by {reclaimable - threshold}, more than {cpus} CPU(s) x ratelimit_pages {throttle.RatelimitPages} = {bound - threshold}";
    }
}
