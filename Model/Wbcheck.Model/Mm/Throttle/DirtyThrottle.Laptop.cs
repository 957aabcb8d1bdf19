using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>
    /// Laptop mode: the disk has just done I/O, so it is spinning. Schedule a sync of all dirty
    /// data laptop_mode jiffies from now, or push an already scheduled one back: the user is
    /// still using the disk, and one sync at the end of the activity spins it up only once.
    /// </summary>
    [Models("mm/page-writeback.c", "laptop_io_completion", "2.6.20", Fingerprint = "332cb96508dfe0cb")]
    public void LaptopIoCompletion() => Timers.ModTimer(LaptopModeWbTimer, Timers.Jiffies + Sysctls.LaptopMode);

    /// <summary>
    /// Laptop mode, after a sync: its own writes re-armed the flush timer through
    /// <see cref="LaptopIoCompletion"/>, but nothing is left to write, so cancel it.
    /// </summary>
    [Models("mm/page-writeback.c", "laptop_sync_completion", "2.6.20", Fingerprint = "05c6e55b196c19ba")]
    public void LaptopSyncCompletion() => Timers.DelTimer(LaptopModeWbTimer);

    /// <summary>
    /// The quiet spell is over: write everything out. Each era as the kernel did it:
    /// <list type="bullet">
    /// <item>To 2.6.31 laptop_timer_fn hands laptop_flush, a full sync, to pdflush; when every
    /// pdflush thread is busy it is dropped (the next write completion arms the timer again).</item>
    /// <item>From 2.6.32 laptop_mode_timer_fn asks the disk's flusher, if the disk has dirty io
    /// (<see cref="BdiHasDirtyIo"/>: by its lists, not by I_DIRTY_PAGES), for WB_SYNC_NONE
    /// writeback of the dirty and unstable pages counted now (no sync, so no laptop_sync_completion: the flush's own completions re-arm the timer, which then finds
    /// nothing dirty). To 4.14 a range_cyclic work queued on the flusher (bdi_start_writeback;
    /// from 4.2 wb_start_writeback on every wb of the disk with dirty io, each for all the
    /// pages, not its share); from 4.15 wakeup_flusher_threads_bdi, the flush of everything
    /// the flusher runs after its queued works (<see cref="KernelEras.FlusherStartsAllAfterWorks"/>).
    /// Never dropped: the flusher runs it after what it runs now.</item>
    /// </list>
    /// </summary>
    [Models("mm/page-writeback.c", "laptop_timer_fn", "2.6.20", Fingerprint = "c1a317aa41bbc0f0")]
    [Models("mm/page-writeback.c", "laptop_mode_timer_fn (bdi_start_writeback)", "2.6.36")]
    [Models("mm/page-writeback.c", "laptop_mode_timer_fn (wb_start_writeback, WB_REASON_LAPTOP_TIMER)", "4.13")]
    [Models("mm/page-writeback.c", "laptop_mode_timer_fn (wakeup_flusher_threads_bdi)", "6.9")]
    private void LaptopTimerFn()
    {
        if (!kernel.Era.FlusherRunsWbWriteback())
        {
            kernel.Pdflush.PdflushOperation("laptop_flush", LaptopFlush, 0);
            return;
        }

        // bdi_has_dirty_io: an inode on the disk's writeback lists, one being written included.
        if (!BdiHasDirtyIo())
        {
            return;
        }

        // "We want to write everything out, not just down to the dirty threshold."
        var nrPages = kernel.Vmstat.NrFileDirty + kernel.Vmstat.NrUnstableNfs;
        IEnumerable<Memcg.CgroupWb?> wbs = kernel.Era.SplitsWorkToWbs() ? [null, .. CgroupWbs.ToList()] : [null];
        foreach (var wb in wbs)
        {
            kernel.FsWriteback.WbStartWriteback(wb, nrPages, rangeCyclic: true);
        }
    }

    [Models("mm/page-writeback.c", "laptop_flush", "2.6.20", Fingerprint = "d8e375cc45bae697")]
    public ValueTask LaptopFlush(long argument) => DoSync();

    /// <summary>
    /// sync(2): wake background writeout of everything, write every dirty inode (sync_inodes(0)),
    /// then again, without and with a data-integrity wait (sync_inodes(1); three passes in all,
    /// FsWriteback.SyncInodes.cs). In laptop mode, cancel the flush the
    /// sync's own I/O scheduled. Kept here, with its only caller, since the model has no other
    /// use for fs/buffer.c. Until 2.6.32 the caller walks the inodes itself; from then each pass
    /// is a work it queues on the flusher and waits for (<see cref="KernelEras.SyncQueuesFlusherWork"/>,
    /// FsWriteback.Sync.cs), and from 3.5 only the data-integrity pass is queued, the wake-up of the
    /// flusher doing the other (<see cref="KernelEras.SyncSkipsNoneWritebackPass"/>). The wake-up is
    /// pdflush's background writeout of every dirty page until 2.6.32, then a WB_SYNC_NONE work of
    /// the flusher's (<see cref="Fs.FsWriteback.WakeupFlusherThreads"/>), which from 4.15 runs
    /// after sync's own work (<see cref="KernelEras.FlusherStartsAllAfterWorks"/>).
    /// </summary>
    [Models("fs/buffer.c", "do_sync", "2.6.20")]
    [Models("fs/sync.c", "do_sync", "2.6.29")]
    [Models("fs/sync.c", "sys_sync (sync_filesystems(0), sync_filesystems(1))", "2.6.36")]
    [Models("fs/sync.c", "sys_sync (iterate_supers(sync_inodes_one_sb))", "3.18")]
    [Models("fs/sync.c", "ksys_sync", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask DoSync()
    {
        if (!kernel.Era.SyncQueuesFlusherWork())
        {
            WakeupPdflush(0);
            await kernel.FsWriteback.SyncInodes(wait: false);
            await kernel.FsWriteback.SyncInodes(wait: true);
        }
        else
        {
            kernel.FsWriteback.WakeupFlusherThreads();
            if (!kernel.Era.SyncSkipsNoneWritebackPass())
            {
                await kernel.FsWriteback.WritebackInodesSb();
            }

            await kernel.FsWriteback.SyncInodesSb();
        }

        if (Sysctls.LaptopMode != 0)
        {
            LaptopSyncCompletion();
        }
    }
}
