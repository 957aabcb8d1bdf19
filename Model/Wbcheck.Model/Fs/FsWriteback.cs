using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Fs;

/// <summary>
/// fs/fs-writeback.c, reduced to one superblock on one disk: which inodes are dirty and since
/// when, and writing them back oldest first. Throttling, background writeout, kupdate and sync
/// all reach the page cache through here, and from here through do_writepages.
/// </summary>
public sealed partial class FsWriteback(Kernel kernel)
{
    private IKernelRuntime Runtime => kernel.Runtime;

    /// <summary>
    /// Write back dirty inodes, oldest dirtied first, until <see cref="WritebackControl.NrToWrite"/>
    /// runs out. Stops early at an inode dirtied after the walk began or, for kupdate, after
    /// <see cref="WritebackControl.OlderThanThis"/> (from 3.1 queue_io leaves those on b_dirty and
    /// the walk takes all b_io holds: <see cref="KernelEras.WalkTakesBIoWithoutCutOff"/>); from 2.6.20 to 2.6.36 a nonblocking caller stops at a
    /// congested queue (<see cref="KernelEras.WritebackSkipsCongestedQueue"/>); a pdflush thread stops if another pdflush thread already writes this disk. Ends by
    /// committing unstable NFS pages, as NFS's -&gt;write_inode does for the inodes it visits
    /// (the model has no NFS inode; its COMMIT is instant and always succeeds).
    /// </summary>
    [Models("fs/fs-writeback.c", "writeback_unlocked_inodes", "2.5.31")]
    [Models("fs/fs-writeback.c", "writeback_inodes", "2.6.20")]
    public ValueTask WritebackInodes(WritebackControl wbc, string? walkName = null) => SyncSbInodes(wbc, hold: false, WbWalk.All, walkName ?? kernel.Names.WritebackUnlockedInodes);

    /// <summary>
    /// 2.5.31's walk for a throttled dirtier: <see cref="WritebackInodes"/> over the inodes of the
    /// dirtier's own queue ("we don't want processes to write back other process's data"), which
    /// on the model's one disk are all of them. From 2.5.34 it is writeback_inodes with wbc-&gt;bdi.
    /// </summary>
    [Models("fs/fs-writeback.c", "writeback_backing_dev", "2.5.31")]
    public ValueTask WritebackBackingDev(WritebackControl wbc) => SyncSbInodes(wbc, hold: false, WbWalk.All, kernel.Names.WritebackBackingDev);

    /// <summary>
    /// The walk of <see cref="WritebackInodes"/>. With <paramref name="hold"/> (WB_SYNC_HOLD, the
    /// first pass of sync(2)) every inode written goes back on the dirty list, stamped now, even
    /// if clean: the data-integrity pass that follows must visit it to wait for its I/O.
    /// <paramref name="walkName"/> labels the walk with the function its caller called, as the
    /// caller's era named it (<see cref="EraNames"/>).
    /// </summary>
    [Models("fs/fs-writeback.c", "sync_sb_inodes", "2.6.20")]
    [Models("fs/fs-writeback.c", "writeback_sb_inodes", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask SyncSbInodes(WritebackControl wbc, bool hold, WbWalk walk, string walkName)
    {
        await Runtime.Schedule(PointKind.Yield, new StepLabel(walkName));
        var start = wbc.WbStart ?? kernel.Timers.Jiffies;
        var bdi = kernel.BackingDev;
        var moreIoEra = kernel.Era.WritebackHasMoreIo();
        var inodes = moreIoEra ? TakeIo(wbc, walk, start) : DirtyInodesOldestFirst(walk, wbc);

        // 3.1 on: each inode gets its own chunk of the loop's work, and the walk goes back to the
        // loop after HZ/10 once it has written something (FsWriteback.Slice.cs).
        var work = kernel.Era.WritebackChunkPerInode() ? wbc.Work : null;
        var walkStart = kernel.Timers.Jiffies;
        if (work is not null)
        {
            work.Progress = 0;
        }

        // b_io: what queue_io moved there, the inodes dirtied by the walk's cut-off (b_more_io's
        // keep their dirtied_when, so they pass it too); the younger stay on b_dirty. From 3.1
        // queue_io alone applies the cut-off, and the walk takes every inode b_io holds.
        var walkTestsCutOff = !(moreIoEra && kernel.Era.WalkTakesBIoWithoutCutOff());
        var queuedForIo = inodes.Where(inode => !walkTestsCutOff || !DirtiedAfterCutOff(inode, wbc, start)).ToHashSet();
        wbc.QueuedForIo = queuedForIo;
        wbc.DirtiedBefore = wbc.OlderThanThis ?? kernel.Timers.Jiffies;
        foreach (var inode in inodes)
        {
            // Cleaned by someone else, or being freed, since the list was taken.
            if (WritebackSbInodeSkips(inode))
            {
                queuedForIo.Remove(inode);
                continue;
            }

            // Switched to another wb since the list was taken: inode_switch_wbs_work_fn moved it
            // from this wb's b_dirty/b_io to the new wb's under both list_locks, so this walk
            // no longer sees it (writeback_sb_inodes takes from its own wb's b_io alone).
            if (!walk.Takes(kernel, inode))
            {
                queuedForIo.Remove(inode);
                continue;
            }

            if (wbc.Nonblocking && kernel.Era.WritebackSkipsCongestedQueue() && bdi.WriteCongested)
            {
                wbc.EncounteredCongestion = true;
                break;
            }

            // QueueIo put the inodes dirtied after the cut-off last: every one after this is too.
            // (2.6.36's wb_start test; gone from 3.1, where b_io holds none of them.)
            if (walkTestsCutOff && DirtiedAfterCutOff(inode, wbc, start))
            {
                break;
            }

            // Two pdflush threads on one queue would only make each other seek.
            var pdflush = kernel.Pdflush.CurrentIsPdflush();
            if (pdflush && !bdi.WritebackAcquire())
            {
                break;
            }

            // Taken off b_io: a walk that stops before this point leaves the inode there.
            queuedForIo.Remove(inode);
            if (walk.IsWb)
            {
                foreach (var observer in kernel.Observers)
                {
                    observer.WbWritesInode(walk.Wb, inode);
                }
            }

            // Before 3.5 an inode reference across the pass, dropped after it (the flusher may
            // evict then); from 3.5 I_SYNC alone pins the inode.
            var pinned = WritebackSbInodeGet(inode, walkName);
            var walkDone = false;
            if (work is null)
            {
                await WritebackSingleInode(inode, wbc);
            }
            else
            {
                // An inode another thread is writing goes to b_more_io unwritten, before any
                // chunk is taken or counted.
                var busy = wbc.SyncMode == WritebackSyncMode.None && (inode.State & InodeState.Lock) != 0;
                var chunk = WritebackChunkSize(wbc, work, walk.Wb);
                wbc.NrToWrite = chunk;
                wbc.PagesSkipped = 0;
                await WritebackSingleInode(inode, wbc);
                walkDone = !busy && WorkSliceUsedUp(inode, wbc, work, chunk, walkStart);
            }

            if (hold)
            {
                inode.State |= InodeState.DirtyPages;
                inode.DirtiedWhen = kernel.Timers.Jiffies;
            }

            if (pdflush)
            {
                bdi.WritebackRelease();
            }

            if (pinned)
            {
                await kernel.Vfs.IputInStep(inode);
            }

            if (work is not null ? walkDone : wbc.NrToWrite <= 0)
            {
                break;
            }
        }

        // What this walk queued and did not reach stays on b_io for the next (FsWriteback.Io.cs).
        wbc.QueuedForIo = null;
        wbc.DirtiedBefore = null;
        if (moreIoEra)
        {
            LeaveOnIo(inodes.Where(queuedForIo.Contains));
            ReportMoreIo(wbc, walk);
        }

        CommitUnstablePages();
    }

    /// <summary>
    /// Write back one inode's pages. A memory-cleaning pass skips an inode another thread is
    /// writing (it keeps its place on the dirty list; in 2.5.31 only a pdflush thread skips it,
    /// <see cref="ListEraThrottleEras.OnlyPdflushSkipsLockedInode"/>); an integrity pass waits for that thread,
    /// then writes and waits for its own I/O. Before 3.6 the inode is marked clean before its
    /// pages are written, so a page dirtied meanwhile marks it dirty again; from 3.6 it is marked
    /// clean after, if no page is left tagged dirty (<see cref="KernelEras.InodeKeepsDirtyPagesThroughWrite"/>).
    /// Where it goes then is <see cref="RequeueInode"/>'s.
    /// </summary>
    [Models("fs/fs-writeback.c", "__writeback_single_inode (current_is_pdflush: skip, else __wait_on_inode)", "2.5.31")]
    [Models("fs/fs-writeback.c", "__writeback_single_inode", "2.6.20")]
    [Models("fs/fs-writeback.c", "__sync_single_inode", "2.6.20")]
    [Models("fs/fs-writeback.c", "__sync_single_inode", "2.6.29")]
    [Models("fs/fs-writeback.c", "writeback_single_inode", "2.6.36")]
    [Models("fs/fs-writeback.c", "__writeback_single_inode (I_DIRTY_PAGES after do_writepages)", "3.10")]
    [Models("fs/fs-writeback.c", "writeback_single_inode (wbc_attach_and_unlock_inode, wbc_detach_inode)", "4.19")]
    [Models("fs/fs-writeback.c", "__writeback_single_inode (no wait for for_sync)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask WritebackSingleInode(Inode inode, WritebackControl wbc)
    {
        var label = new StepLabel("__wait_on_inode", inode.Ino);
        while ((inode.State & InodeState.Lock) != 0)
        {
            // 2.5.31: only a pdflush thread passes by an inode another is writing; every other
            // caller (a throttled dirtier, sync's first pass) waits for it, then writes it.
            var skips = kernel.Era.OnlyPdflushSkipsLockedInode() ? kernel.Pdflush.CurrentIsPdflush() : wbc.SyncMode == WritebackSyncMode.None;
            if (skips)
            {
                // From 2.6.24: to b_more_io, so that the loop comes back to it (more_io).
                if (kernel.Era.WritebackHasMoreIo())
                {
                    RequeueIo(inode);
                }

                return;
            }

            await Runtime.Sleep(inode.StateQueue, label);

            // Freed meanwhile, possible only for a walk that holds no reference (3.5 on): the
            // kernel's walk starts over from b_io after sleeping on I_SYNC ("Inode may be gone,
            // start again" [V: 169ebd90131b's diff]), where an I_FREEING inode no longer is.
            if (inode.Freeing)
            {
                return;
            }
        }

        // Before 3.6 I_DIRTY_PAGES is cleared before the pages are written, and a page dirtied
        // meanwhile sets it again; from 3.6 it stays set and is cleared after, below, only if no
        // page is left tagged dirty.
        var keepsDirtyPages = kernel.Era.InodeKeepsDirtyPagesThroughWrite();
        inode.State = (keepsDirtyPages ? inode.State : inode.State & ~InodeState.DirtyPages) | InodeState.Lock;
        inode.StateQueue.Holder = Runtime.Current;
        var mapping = inode.Mapping;
        var pagesSkipped = wbc.PagesSkipped;

        // Cgroup writeback (4.2): the pass counts whose pages it writes, and votes on the inode's
        // wb when done (writeback_single_inode and writeback_sb_inodes around __writeback_single_inode).
        WbcAttachAndUnlockInode(wbc, inode);
        await kernel.PageWriteback.DoWritepages(mapping, wbc);

        // The pass takes i_lock again to look at the inode's state: the inode must still be there
        // (I_SYNC pins it from 3.5; the caller's reference before).
        Vfs.InodeTouch(inode, "__writeback_single_inode");

        // The integrity pass's filemap_fdatawait test-and-cleared the AS_* bits, so a sync(2)
        // took the error a later fsync should have reported, until global sync waited with
        // filemap_fdatawait_keep_errors (the model's sync(2) is this pass's only caller). From
        // 3.11 sync's work is for_sync and its caller waits instead (FsWriteback.Sync.cs).
        if (wbc.SyncMode == WritebackSyncMode.All && !wbc.ForSync)
        {
            if (kernel.Era.GlobalSyncKeepsErrors())
            {
                await kernel.Filemap.FilemapFdatawaitRange(mapping, 0, WritebackControl.LLongMax);
            }
            else
            {
                await kernel.Filemap.FilemapFdatawaitRangeCheckErrors(mapping, 0, WritebackControl.LLongMax);
            }
        }

        if (keepsDirtyPages && !mapping.MappingTagged(XaMark.Dirty))
        {
            inode.State &= ~InodeState.DirtyPages;
        }

        WbcDetachInode(wbc);

        InodeSyncComplete(inode);
        RequeueInode(inode, wbc, pagesSkipped);
    }

    /// <summary>
    /// The inode's writeback is done: I_SYNC (I_LOCK) cleared, its waiters woken and, from 3.19 in
    /// the model (<see cref="Vfs.InodeAddLru(Inode)"/>), an unused inode left clean put on the
    /// inode LRU ("If inode is clean an unused, put it into LRU now" [V: a 3.x and a 6.x
    /// fs/fs-writeback.c]), so that an inode whose final iput found it dirty can be reclaimed.
    /// The kernel requeues the inode first; inode_add_lru reads only the inode's state, which the
    /// requeue does not change.
    /// </summary>
    [Models("fs/fs-writeback.c", "inode_sync_complete", "6.9")]
    [Models("fs/fs-writeback.c", "inode_sync_complete", "3.19")]
    private void InodeSyncComplete(Inode inode)
    {
        inode.State &= ~InodeState.Lock;
        kernel.Vfs.InodeAddLru(inode);
        inode.StateQueue.Holder = null;
        Runtime.WakeAll(inode.StateQueue);
    }

    /// <summary>Whether <paramref name="inode"/> was dirtied after the walk began (<paramref name="start"/>) or, for kupdate, after older_than_this.</summary>
    private static bool DirtiedAfterCutOff(Inode inode, WritebackControl wbc, long start) =>
        Timers.TimeAfter(inode.DirtiedWhen, start)
        || (wbc.OlderThanThis is { } oldest && Timers.TimeAfter(inode.DirtiedWhen, oldest));

    /// <summary>
    /// The inodes on the dirty lists, in the order writeback walks them: those with dirty pages and,
    /// for a WB_SYNC_ALL walk on sync(2)'s own thread (before 2.6.32), those another thread is
    /// writing (I_SYNC; I_LOCK until 2.6.24), which the kernel leaves on s_io while it writes them
    /// (sync_sb_inodes and generic_sync_sb_inodes take s_io's tail without moving it; 2.5 moves it
    /// to s_dirty first): the integrity walk meets such an inode there and waits for its writer
    /// ("It's a data-integrity sync. We must wait."), then writes and waits on what is left. A
    /// WB_SYNC_NONE walk would skip it; from 2.6.32 the flusher's walks do not run at once.
    /// </summary>
    [Models("fs/fs-writeback.c", "sync_sb_inodes (the inode being written stays on s_io)", "2.6.20")]
    [Models("fs/fs-writeback.c", "generic_sync_sb_inodes (the inode being written stays on s_io)", "2.6.29")]
    private List<Inode> DirtyInodesOldestFirst(WbWalk walk, WritebackControl wbc)
    {
        var meetsWritten = wbc.SyncMode == WritebackSyncMode.All && !kernel.Era.SyncQueuesFlusherWork();
        return [.. kernel.Inodes
            .Where(i => ((i.State & InodeState.DirtyPages) != 0 || (meetsWritten && (i.State & InodeState.Lock) != 0))
                && (i.State & InodeState.ListMovePending) == 0 && walk.Takes(kernel, i))
            .OrderBy(i => i.DirtiedWhen)
            .ThenBy(i => i.Ino)];
    }

    /// <summary>The NFS COMMIT: the server has the unstable pages on its disk now.</summary>
    [Models("fs/nfs/write.c", "nfs_commit_inode", "2.6.20")]
    private void CommitUnstablePages() => kernel.Vmstat.NrUnstableNfs = 0;
}
