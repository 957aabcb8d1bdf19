using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>
    /// Page reclaim asks for writeback of <paramref name="nrPages"/> pages, every dirty page for
    /// zero. To 2.6.31 wakeup_pdflush hands background writeout of that many to a pdflush thread;
    /// from 2.6.32 wakeup_flusher_threads queues a work of that many on the disk's flusher, which
    /// the model runs as the same background writeout on a thread of the pool (a work the pool
    /// has no thread for is dropped, as pdflush's was). From the 4.13 era reclaim asks for every
    /// dirty page, and a wake-up while the root flusher's is still running adds nothing (the
    /// kernel's one full flush in flight, WB_start_all [R: 4.15]; the model's 4.13 era takes it
    /// too); the flushers of cgroup writebacks are not woken (the root wb's alone [I]).
    /// </summary>
    [Models("mm/page-writeback.c", "wakeup_pdflush", "2.6.20")]
    [Models("fs/fs-writeback.c", "wakeup_flusher_threads", "2.6.36")]
    [Models("fs/fs-writeback.c", "wakeup_flusher_threads", "3.18")]
    [Models("fs/fs-writeback.c", "wakeup_flusher_threads", "4.19")]
    [Models("fs/fs-writeback.c", "wakeup_flusher_threads", "6.9")]
    internal void WakeupFlusherThreads(long nrPages)
    {
        if (!kernel.Era.ReclaimWakesFlushersOnUnqueuedDirty())
        {
            WakeupPdflush(nrPages);
            return;
        }

        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
        if (!flusherWoken && kernel.Pdflush.PdflushOperation("background_writeout", FlusherBackgroundWork, NrReclaimable()) == 0)
        {
            flusherWoken = true;
        }
    }
}
