using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>
    /// Page reclaim asks for writeback of <paramref name="nrPages"/> pages, every dirty page for
    /// zero. Each era as the kernel did it:
    /// <list type="bullet">
    /// <item>To 2.6.31 wakeup_pdflush hands background writeout of that many to an idle pdflush
    /// thread, and the wake-up is dropped when every thread is busy (pdflush_operation's -1).</item>
    /// <item>From 2.6.32 (<see cref="KernelEras.SyncQueuesFlusherWork"/>) wakeup_flusher_threads
    /// never drops it: a WB_SYNC_NONE work of that many pages is queued on the disk's flusher,
    /// which runs it after what it is doing (the reason WB_REASON_TRY_TO_FREE_PAGES from 3.2 to
    /// 4.10, WB_REASON_VMSCAN from 4.11's 726d061fbd36 [R]); to 4.14 one work a wake-up, falling
    /// back to a bare wake-up of the flusher when the work's allocation fails (2.6.36's
    /// __bdi_start_writeback already, wb_wakeup later), which the model's allocations never do.</item>
    /// <item>From 4.15 (<see cref="KernelEras.FlusherStartsAllAfterWorks"/>) WB_start_all is set
    /// and the flusher woken; the flusher clears it when the flush it asks for has run
    /// (85009b4f5f03), so a wake-up while that flush is pending or running adds nothing, and one
    /// while the flusher runs anything else gets its flush after it.</item>
    /// </list>
    /// sync(2)'s wake-up is the same function (<see cref="Fs.FsWriteback.WakeupFlusherThreads(long)"/>).
    /// </summary>
    [Models("mm/page-writeback.c", "wakeup_pdflush", "2.6.20")]
    [Models("fs/fs-writeback.c", "wakeup_flusher_threads", "2.6.36")]
    [Models("fs/fs-writeback.c", "wakeup_flusher_threads", "3.18")]
    [Models("fs/fs-writeback.c", "wakeup_flusher_threads", "4.19")]
    [Models("fs/fs-writeback.c", "wakeup_flusher_threads", "6.9")]
    internal void WakeupFlusherThreads(long nrPages)
    {
        if (!kernel.Era.SyncQueuesFlusherWork())
        {
            WakeupPdflush(nrPages);
            return;
        }

        kernel.FsWriteback.WakeupFlusherThreads(nrPages);
    }
}
