using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// sync(2)'s passes over the inodes from 2.6.32 (<see cref="KernelEras.SyncQueuesFlusherWork"/>):
/// each is a work the caller queues on the flusher and waits for; what the caller still does
/// itself is the wait on every inode's pages after the WB_SYNC_ALL work (wait_sb_inodes).
/// Before, <see cref="SyncInodes"/> walks on the caller's thread.
/// </summary>
public sealed partial class FsWriteback
{
    /// <summary>
    /// The WB_SYNC_NONE pass: a work of as many pages as are dirty and unstable, plus one for each
    /// inode, queued on the flusher (from 4.2 split over the wbs, <see cref="BdiSplitWorkToWbs"/>)
    /// and waited for.
    /// </summary>
    [Models("fs/fs-writeback.c", "writeback_inodes_sb", "2.6.36")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask WritebackInodesSb()
    {
        var stat = kernel.Vmstat;
        var done = new WbCompletion();
        var work = new WbWritebackWork
        {
            SyncMode = WritebackSyncMode.None,
            NrPages = stat.NrFileDirty + stat.NrUnstableNfs + kernel.Inodes.Count,
            Sb = true,
            Done = done,
        };
        BdiSplitWorkToWbs(work);
        await WbWaitForCompletion(done);
    }

    /// <summary>
    /// The data-integrity pass: a WB_SYNC_ALL work of LONG_MAX pages, over the whole of each file,
    /// queued on the flusher (from 4.2 a copy on each wb with dirty inodes, <see cref="BdiSplitWorkToWbs"/>)
    /// and waited for, every copy; then the caller waits on every inode's pages,
    /// since a page under writeback before the sync began need not be on any dirty list. From
    /// 3.11 the work is for_sync and the flusher leaves that wait to the caller alone. From 5.0
    /// no inode changes wb from the split to the end of the last copy
    /// (<see cref="KernelEras.SyncExcludesWbSwitches"/>: bdi-&gt;wb_switch_rwsem held for
    /// writing); before, one could leave a wb whose copy had not walked yet for one whose copy
    /// had, or that had none, and stay dirty.
    /// </summary>
    [Models("fs/fs-writeback.c", "sync_inodes_sb", "2.6.36")]
    [Models("fs/fs-writeback.c", "sync_inodes_sb", "5.0")]
    [Models("fs/fs-writeback.c", "sync_inodes_sb", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask SyncInodesSb()
    {
        var done = new WbCompletion();
        var work = new WbWritebackWork
        {
            SyncMode = WritebackSyncMode.All,
            NrPages = WritebackControl.LongMax,
            ForSync = kernel.Era.SyncWorkLeavesWaitToCaller(),
            Sb = true,
            Done = done,
        };
        var rwsem = kernel.Era.SyncExcludesWbSwitches() ? kernel.BackingDev.WbSwitchRwsem : null;
        if (rwsem is not null)
        {
            await rwsem.DownWrite(Runtime, new StepLabel("bdi_down_write_wb_switch_rwsem"));
        }

        BdiSplitWorkToWbs(work);
        await WbWaitForCompletion(done);
        rwsem?.UpWrite(Runtime);
        await WaitSbInodes();
    }

    /// <summary>
    /// Wait on the pages of every inode that has any. The wait test-and-clears the mapping's
    /// error bits (filemap_fdatawait) until global sync keeps them for fsync
    /// (<see cref="KernelEras.GlobalSyncKeepsErrors"/>: filemap_fdatawait_keep_errors).
    /// </summary>
    [Models("fs/fs-writeback.c", "wait_sb_inodes", "2.6.36")]
    [Models("fs/fs-writeback.c", "wait_sb_inodes", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WaitSbInodes()
    {
        foreach (var inode in kernel.Inodes.ToList())
        {
            var mapping = inode.Mapping;
            if (mapping.NrPages == 0)
            {
                continue;
            }

            if (kernel.Era.GlobalSyncKeepsErrors())
            {
                await kernel.Filemap.FilemapFdatawaitRange(mapping, 0, WritebackControl.LLongMax);
            }
            else
            {
                await kernel.Filemap.FilemapFdatawaitRangeCheckErrors(mapping, 0, WritebackControl.LLongMax);
            }
        }
    }
}
