using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>
    /// Page reclaim waits here, at the end of each shrink_zone, while pages under writeback (and
    /// unstable NFS pages) are over the dirty threshold, so it does not fill the queue with more.
    /// It gets a tenth more room than dirtiers, so that heavy writers cannot starve page
    /// allocation. The threshold is the era's global one (2.6.20's get_dirty_limits; from 2.6.29
    /// the dirtyable memory's, as balance_dirty_pages reads it; from 3.4 the hard dirty limit, the
    /// higher of that and the slowly following global_dirty_limit, as the I/O-less throttle reads
    /// it: Fengguang Wu's "mm: use global_dirty_limit in throttle_vm_writeout()" [V: the patch,
    /// linux-mm, 2 March 2012, and 3.x bodies; release 3.4 [R]; the model's 3.19 era]). From 2.6.29 (the gfp_mask
    /// argument, added between 2.6.20 and 2.6.29: id not found) a caller that may not enter the
    /// filesystem or start I/O naps once and goes on: "The caller might hold locks which can
    /// prevent IO completion or progress in the filesystem" [V: the 2.6.2x and 3.x bodies].
    /// </summary>
    [Models("mm/page-writeback.c", "throttle_vm_writeout", "2.6.20", Fingerprint = "83df7ee254a471d3")]
    [Models("mm/page-writeback.c", "throttle_vm_writeout", "2.6.29")]
    [Models("mm/page-writeback.c", "throttle_vm_writeout", "3.18")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask ThrottleVmWriteout(Gfp gfpMask)
    {
        var era = kernel.Era;
        while (true)
        {
            var dirty = IoLess ? (long)Arithmetic.HardDirtyLimit(Bdi.GlobalDirtyLimit, GlobalDirtyLimitsNow(Current).Dirty)
                : era.AtLeast(KernelEra.V2_6_29) ? (long)GlobalDirtyLimitsNow(Current).Dirty
                : GetDirtyLimits(null).Dirty;
            var dirtyThresh = dirty + (dirty / 10);
            if (Vmstat.NrUnstableNfs + Vmstat.NrWriteback <= dirtyThresh)
            {
                break;
            }

            await kernel.BackingDev.CongestionWait(Timers.Hz / 10);
            if (era.AtLeast(KernelEra.V2_6_29) && (gfpMask & Gfp.Kernel) != Gfp.Kernel)
            {
                break;
            }
        }
    }
}
