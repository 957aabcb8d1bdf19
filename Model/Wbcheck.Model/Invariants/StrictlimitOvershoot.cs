using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// A strictlimit disk (BDI_CAP_STRICTLIMIT, 3.12) holds its dirtier to the disk's own share of
/// the dirty threshold, whatever the machine's dirty memory: its dirty and writeback pages are
/// at most max(wb_thresh, wb_stat_error) + ratelimit_pages. The I/O-less loop checks the disk's
/// pages against its own freerun ceiling and share before the machine's (strictlimit), lets the
/// task go only with a rate above zero (under the disk's hard share) or within wb_stat_error,
/// and the task's CPU sends it back within ratelimit_pages pages. The share grows with the
/// disk's completions (0 before the first), so the bound is taken as it stands after each step.
/// Holds for one dirtier on one CPU whose every page went through balance_dirty_pages_ratelimited.
/// </summary>
public static class StrictlimitOvershoot
{
    public const string Name = "a strictlimit disk's dirty pages stay within its share plus ratelimit_pages";

    /// <summary>The violation for <paramref name="task"/>'s disk, or null (an ordinary disk, or an era without strictlimit).</summary>
    public static string? Check(DirtyThrottle throttle, TaskStruct task)
    {
        if (throttle.StrictlimitDomainNow(task) is not { } dtc)
        {
            return null;
        }

        var bound = Math.Max(dtc.WbThresh, (ulong)throttle.StatError) + (ulong)throttle.RatelimitPages;
        return dtc.WbDirty <= bound
            ? null
            : $"the strictlimit disk's {dtc.WbDirty} dirty and writeback page(s) exceed its share (wb_thresh {dtc.WbThresh}, wb_stat_error {throttle.StatError}) by more than ratelimit_pages {throttle.RatelimitPages}: {dtc}";
    }
}
