using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// sync(2)'s passes over the inodes before the per-bdi flushers (2.6.32): the caller walks them
/// itself, beside pdflush. From 2.6.32 each pass is a work of the flusher (FsWriteback.Sync.cs).
/// </summary>
public sealed partial class FsWriteback
{
    /// <summary>
    /// Write back every dirty inode of the superblock: one pass that does not wait, then, if
    /// <paramref name="wait"/>, a data-integrity pass that does. sys_sync calls this twice, without
    /// and with <paramref name="wait"/>, so a sync(2) makes three passes. The "rather lame livelock
    /// avoidance" of s_syncing (a superblock another sync(2) is on is skipped; gone with Nick
    /// Piggin's "fs: sys_sync fix", 2.6.29 [R]) and the sync_blockdev after each superblock are not
    /// modelled: the model runs one sync(2) at a time and has no block device mapping.
    /// </summary>
    [Models("fs/fs-writeback.c", "sync_inodes", "2.5.34")]
    [Models("fs/fs-writeback.c", "sync_inodes (set_sb_syncing, __sync_inodes(0), then __sync_inodes(1))", "2.6.20")]
    [Models("fs/fs-writeback.c", "sync_inodes (__sync_inodes(0), then __sync_inodes(1))", "2.6.29")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask SyncInodes(bool wait)
    {
        await SyncInodesSb(wait: false);
        if (wait)
        {
            await SyncInodesSb(wait: true);
        }
    }

    /// <summary>
    /// One pass of sync(2) over the superblock's inodes, on the caller's thread. Until 2.6.29 the
    /// pass that does not wait is WB_SYNC_HOLD: each inode it writes is put back on the dirty list,
    /// stamped now, for the WB_SYNC_ALL pass to wait on; but a pdflush walk that meets such an inode,
    /// clean, takes it off the lists, and the WB_SYNC_ALL pass never waits on its pages
    /// (<see cref="KernelEras.SyncHoldsWrittenInodes"/>). From 2.6.29 that pass is WB_SYNC_NONE, and
    /// the WB_SYNC_ALL pass ends by waiting on every inode that has pages
    /// (<see cref="KernelEras.SyncWaitsOnEveryInode"/>), as wait_sb_inodes does from 2.6.32.
    /// </summary>
    [Models("fs/fs-writeback.c", "sync_inodes_sb (WB_SYNC_HOLD or WB_SYNC_ALL)", "2.5.34")]
    [Models("fs/fs-writeback.c", "sync_inodes_sb (WB_SYNC_HOLD or WB_SYNC_ALL)", "2.6.20")]
    [Models("fs/fs-writeback.c", "sync_inodes_sb (WB_SYNC_NONE or WB_SYNC_ALL)", "2.6.29")]
    [Models("fs/fs-writeback.c", "generic_sync_sb_inodes (WB_SYNC_ALL: filemap_fdatawait on every inode of s_inodes with pages)", "2.6.29")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask SyncInodesSb(bool wait)
    {
        var wbc = new WritebackControl
        {
            SyncMode = wait ? WritebackSyncMode.All : WritebackSyncMode.None,
            NrToWrite = SyncInodesSbNrToWrite(wait),
        };
        await SyncSbInodes(wbc, hold: !wait && kernel.Era.SyncHoldsWrittenInodes(), WbWalk.All, kernel.Names.SyncSbInodes);
        if (wait && kernel.Era.SyncWaitsOnEveryInode())
        {
            await WaitSbInodes();
        }
    }

    /// <summary>
    /// The pages one pass of sync(2) asks for, counted when it starts. The list era (2.5.34's form,
    /// read): the dirty pages and a quarter. 2.6.20: twice the dirty and unstable pages plus the
    /// inodes in use, and half as much again "for luck", for both passes; its WB_SYNC_ALL pass
    /// honours it page by page (<see cref="KernelEras.SyncHonoursNrToWrite"/>), and the walk stops
    /// once it is spent. From 2.6.29: the dirty and unstable pages plus the inodes in use for the
    /// pass that does not wait, LONG_MAX for the one that does. The model's inodes are all in use.
    /// </summary>
    internal long SyncInodesSbNrToWrite(bool wait)
    {
        var stat = kernel.Vmstat;
        var dirty = stat.NrFileDirty + stat.NrUnstableNfs;
        if (kernel.Era.HasPageLists())
        {
            return stat.NrFileDirty + (stat.NrFileDirty / 4);
        }

        if (kernel.Era.SyncHoldsWrittenInodes())
        {
            var asked = dirty + kernel.Inodes.Count + dirty;
            return asked + (asked / 2);
        }

        return wait ? WritebackControl.LongMax : dirty + kernel.Inodes.Count;
    }
}
