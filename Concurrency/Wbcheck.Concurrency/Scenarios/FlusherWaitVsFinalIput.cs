using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// The flusher's wait on the tail of b_more_io races the inode's last close (docs/eras.md
/// sections 121 and 127). An unlinked file (inode 1) with page 0 dirty and page 1 clean is held by
/// an open file, and by a second one from the writer's first step. "fsync" writes it as a
/// filesystem's -&gt;fsync did through sync_inode (WB_SYNC_ALL: I_SYNC held across the write and
/// the wait on its I/O): in the era of the bug (2.6.32 to 3.4) simple_fsync (2.6.30 to 2.6.34)
/// and generic_file_fsync (from 2.6.35), used by ext2 and by ext4 without a journal, called
/// sync_inode with WB_SYNC_ALL and nr_to_write 0 [V: simple_fsync in a 2.6.3x tree; R: 2.6.35's
/// generic_file_fsync], after the VFS's filemap_fdatawrite, which this pass does itself; then it
/// closes. "writer" writes page 1, dirtying the inode again while it is written, then closes.
/// The write is the model's need, not the kernel's: 2.6.36's writeback_single_inode leaves the
/// inode on b_dirty (or b_io) until its end, so the kernel's flusher meets it with I_SYNC set,
/// requeue_io()s it and waits with no write; the model decides list membership from the state
/// bits, which the pass cleared of I_DIRTY_PAGES, so its flusher meets the file only once the
/// write sets them again (an under-approximation, docs/eras.md section 127). The disk's flusher runs background writeout of one page
/// (wb_writeback). Whichever close is last evicts the file.
/// Before 3.5 a flusher pass that wrote nothing because the inode was busy requeued it to
/// b_more_io and waited for I_SYNC on it holding no reference (its walk's __iget went with the
/// pass), and woken it took the inode's lock again (2.6.36: read i_state under inode_lock): if
/// the last close evicted the inode first, a use-after-free, which 169ebd90131b "writeback:
/// Avoid iput() from flusher thread" (3.5) fixed on the way [V: its message]. From 3.5 the wait
/// returns without touching the inode. The pdflush eras (to 2.6.31) have no per-disk flusher and
/// no such wait: their loop slept in congestion_wait, on no inode.
/// </summary>
public sealed class FlusherWaitVsFinalIput(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "flusher-wait-vs-final-iput";

    public override string Name => ScenarioName;

    public override string Description => "the flusher waits for I_SYNC on the tail of b_more_io while the inode's writer ends and its last close evicts it";

    /// <summary>Only the per-disk flusher's wb_writeback (2.6.32 on; the model's 2.6.36 on) waits on an inode.</summary>
    public override bool AppliesTo(KernelEra era) => era.FlusherRunsWbWriteback();

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(2, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false);
        inode.Nlink = 0; // unlinked; the open files below hold it
        var writing = kernel.Open(inode);
        setup.Runtime.Spawn("flusher", async () => await kernel.Throttle.BackgroundWriteout(1));
        setup.Runtime.Spawn("fsync", async () =>
        {
            await kernel.FsWriteback.WritebackSingleInode(inode, new WritebackControl { SyncMode = WritebackSyncMode.All });
            await kernel.Vfs.Iput(inode);
        });
        setup.Runtime.Spawn("writer", async () =>
        {
            // The second open file's reference (open(2) of the file, before its unlink, in the
            // kernel; here it may come after fsync's close, which then evicted the file).
            if (!kernel.Vfs.Igrab(inode))
            {
                return;
            }

            await kernel.Filemap.GenericFileWriteIter(writing, 1);
            await kernel.Vfs.Iput(inode);
        });
    }
}
