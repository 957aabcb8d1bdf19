using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>
    /// vm.dirty_ratio was written with a new value. Whatever was sized from the dirty threshold
    /// follows it: from 04fbfdc14e5f ("mm: per device dirty threshold", 2.6.24 [V blame]) the
    /// floating proportions' period (update_completion_period); from eb608e3a344b ("block:
    /// Convert BDI proportion calculations to flexible proportions", 3.5 [V blame]), whose
    /// proportions need no period, ratelimit_pages, which 3.2 had started sizing from the
    /// threshold. 2.6.20's dirty_ratio was a plain proc_dointvec: nothing follows it (its
    /// ratelimit is sized from total memory). vm_dirty_bytes is not modelled (always 0), so the
    /// handler's "vm_dirty_bytes = 0" has nothing to clear.
    /// </summary>
    [Models("mm/page-writeback.c", "dirty_ratio_handler", "2.6.29")]
    [Models("mm/page-writeback.c", "dirty_ratio_handler", "3.18")]
    private void DirtyRatioHandler()
    {
        if (IoLess)
        {
            WritebackSetRatelimitIoLess();
        }
        else if (PerBdi)
        {
            UpdateCompletionPeriod();
        }
    }

    /// <summary>The proportions' period follows the new threshold: both descriptors move to calc_period_shift's shift.</summary>
    [Models("mm/page-writeback.c", "update_completion_period", "2.6.29")]
    private void UpdateCompletionPeriod()
    {
        var shift = CalcPeriodShift();
        vmCompletions.PropChangeShift(shift);
        vmDirties.PropChangeShift(shift);
    }
}
