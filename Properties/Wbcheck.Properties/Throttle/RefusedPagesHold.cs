using Wbcheck.Model;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Properties.Throttle;

/// <summary>
/// Whether the era's own balance_dirty_pages keeps a dirtier for good when every dirty page is
/// one -&gt;writepage refuses (-ENOSPC, redirtied) and none is under writeback. write_cache_pages
/// ends a WB_SYNC_NONE pass at such a page without counting it against nr_to_write, so the chunk
/// the task writes never grows and nothing cleans a page: it leaves only by its era's release
/// test, which stays as it is. Each era's test, against the refused pages:
/// <list type="bullet">
/// <item>2.6.20: under the dirty threshold (nr_reclaimable + NR_WRITEBACK &lt;= dirty_thresh); kept over it.</item>
/// <item>2.6.29: within the disk's share lowered for the task (bdi_thresh, clipped), or strictly
/// under the midpoint of the background and dirty thresholds; kept at or over the midpoint and
/// over the share.</item>
/// <item>2.6.36: strictly under the midpoint, or under both the task's share (unclipped) and the
/// dirty threshold (not dirty_exceeded, which is "at or over" until 2.6.37).</item>
/// <item>The I/O-less throttle (3.19 on): after one pause whenever its rate is not zero, which it
/// is under the hard limit (pos_ratio 0 only at or over it), or when the disk's dirty pages are
/// within bdi_stat_error; kept at or over the hard limit and over that error.</item>
/// </list>
/// </summary>
public static class RefusedPagesHold
{
    public static bool KeepsDirtier(Kernel kernel, TaskStruct task, AddressSpace mapping, long refused)
    {
        var throttle = kernel.Throttle;
        if (throttle.IoLess)
        {
            return refused >= (long)throttle.HardDirtyLimitNow() && refused > throttle.BdiStatError();
        }

        if (throttle.PerBdi)
        {
            var (global, bdiThresh) = throttle.GetDirtyLimitsBdi(task);
            var atMidpoint = (ulong)refused >= (global.Background + global.Dirty) / 2;
            return kernel.Era.Before(KernelEra.V2_6_36)
                ? atMidpoint && (ulong)refused > bdiThresh
                : atMidpoint && ((ulong)refused >= throttle.TaskDirtyLimit(task, throttle.BdiDirtyLimit(global.Dirty)) || (ulong)refused >= global.Dirty);
        }

        return refused > throttle.GetDirtyLimits(mapping, task).Dirty;
    }
}
