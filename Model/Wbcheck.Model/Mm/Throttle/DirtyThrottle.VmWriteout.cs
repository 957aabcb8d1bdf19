using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>
    /// Page reclaim waits here while pages under writeback (and unstable NFS pages) are over the
    /// dirty threshold, so it does not fill the queue with more. It gets a tenth more room than
    /// dirtiers, so that heavy writers cannot starve page allocation.
    /// </summary>
    [Models("mm/page-writeback.c", "throttle_vm_writeout", "2.6.20", Fingerprint = "83df7ee254a471d3")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask ThrottleVmWriteout()
    {
        while (true)
        {
            var limits = GetDirtyLimits(null);
            var dirtyThresh = limits.Dirty + (limits.Dirty / 10);
            if (Vmstat.NrUnstableNfs + Vmstat.NrWriteback <= dirtyThresh)
            {
                break;
            }

            await kernel.BackingDev.CongestionWait(Timers.Hz / 10);
        }
    }
}
