using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// <see cref="SimpleFsOptions.JournalledWriteBegin"/>: a filesystem that allocates under its own
/// lock. write_begin starts a journal handle and then allocates the page, as ext4_write_begin did
/// from 2.6.28 to 3.9 ("We cannot recurse into the filesystem as the transaction is already
/// started", AOP_FLAG_NOFS), and -&gt;writepage starts one around its write, as ext3's writepages
/// and ext4's journalled one do. The handle is the filesystem's lock: one task at a time, and it
/// does not nest. That stands for what makes re-entry deadly in the kernel [I]: jbd nests a
/// handle for the task that already holds one (ext3's -&gt;writepage refuses such a re-entry
/// itself: "We give up here if we're reentered, because it might be for a different
/// filesystem" [V: 2.6.x ext3_ordered_writepage]), but a handle started while a commit waits for
/// the open ones, a different filesystem's journal, or a filesystem lock such as XFS's inode lock
/// does wait for the task that holds it. So the allocation must keep reclaim out of the
/// filesystem: GFP_NOFS before 4.12, a GFP_NOFS scope from 4.12 (jbd2 opens one for every running
/// handle), and with <see cref="Faults.FsAllocatesWithGfpKernel"/> neither.
/// </summary>
public sealed partial class SimpleFs
{
    private WaitQueue? journal;

    /// <summary>The running handle's holder (journal_current_handle's task).</summary>
    private WaitQueue Journal => journal ??= new WaitQueue("journal handle of fs", 0);

    /// <summary>Start a handle: wait until no task holds one (a task that holds one waits for itself).</summary>
    [Models("fs/jbd2/transaction.c", "jbd2_journal_start", "3.18")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask JournalStart()
    {
        var label = new StepLabel("journal_start");
        await kernel.Runtime.Schedule(PointKind.Lock, label);
        while (Journal.Holder is not null)
        {
            await kernel.Runtime.Sleep(Journal, label);
        }

        Journal.Holder = kernel.Runtime.Current;
    }

    /// <summary>Stop the current task's handle.</summary>
    [Models("fs/jbd2/transaction.c", "jbd2_journal_stop", "3.18")]
    private void JournalStop()
    {
        Bug.On(Journal.Holder != kernel.Runtime.Current, "jbd2_journal_stop", $"{Journal.Name} is not held by {kernel.Runtime.Current}");
        Journal.Holder = null;
        kernel.Runtime.WakeAll(Journal);
    }

    /// <summary>
    /// write_begin: with <see cref="SimpleFsOptions.JournalledWriteBegin"/>, start a handle and
    /// allocate the page under it, reclaim kept out of the filesystem (GFP_NOFS, or from 4.12 the
    /// GFP_NOFS scope around a GFP_KERNEL allocation); the handle stays open until write_end, or is
    /// stopped at once when the allocation failed. Otherwise simple_write_begin's.
    /// </summary>
    [Models("fs/ext4/inode.c", "ext4_write_begin (ext4_journal_start; AOP_FLAG_NOFS)", "2.6.36")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<Page?> WriteBegin(Filemap filemap, AddressSpace mapping, long index)
    {
        if (!Options.JournalledWriteBegin)
        {
            return await filemap.FilemapGetFolioForWrite(mapping, index, Gfp.Kernel);
        }

        await JournalStart();
        var page = await AllocateUnderHandle(gfp => filemap.FilemapGetFolioForWrite(mapping, index, gfp));
        if (page is null)
        {
            JournalStop();
        }

        return page;
    }

    /// <summary>
    /// A transaction of the filesystem that allocates: start a handle, make the allocation
    /// <paramref name="allocate"/> stands for with the mask the filesystem passes under its handle
    /// (<see cref="AllocateUnderHandle{T}"/>), stop the handle. ext3 and ext4 allocate so inside a
    /// handle (block allocation, journal heads), XFS inside a transaction; the properties' "direct
    /// reclaim under the journal handle" is such an allocation, whose reclaim meets a page of this
    /// filesystem. With <see cref="SimpleFsOptions.JournalledWritepage"/> its -&gt;writepage needs
    /// the handle this task holds, so the reclaim must not call it.
    /// </summary>
    [Models("fs/jbd2/transaction.c", "start_this_handle (handle->saved_alloc_context = memalloc_nofs_save())", "6.9")]
    [Models("fs/jbd2/transaction.c", "stop_this_handle (memalloc_nofs_restore(handle->saved_alloc_context))", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<T> AllocateInTransaction<T>(Func<Gfp, ValueTask<T>> allocate)
    {
        ArgumentNullException.ThrowIfNull(allocate);
        await JournalStart();
        var result = await AllocateUnderHandle(allocate);
        JournalStop();
        return result;
    }

    /// <summary>
    /// An allocation made while this task holds the filesystem's handle, with the mask the era's
    /// filesystem passes: GFP_NOFS (AOP_FLAG_NOFS, jbd's GFP_NOFS allocations) before 4.12;
    /// from 4.12 a GFP_KERNEL allocation inside the GFP_NOFS scope jbd2 opens for every running
    /// handle, so that current_gfp_context drops __GFP_FS; GFP_KERNEL with neither under
    /// <see cref="Faults.FsAllocatesWithGfpKernel"/>.
    /// </summary>
    [Models("fs/ext4/inode.c", "ext4_write_begin (AOP_FLAG_NOFS)", "2.6.36")]
    [Models("fs/ext4/inline.c", "ext4_convert_inline_data_to_extent (memalloc_nofs_save)", "4.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<T> AllocateUnderHandle<T>(Func<Gfp, ValueTask<T>> allocate)
    {
        if (kernel.Faults.FsAllocatesWithGfpKernel)
        {
            return await allocate(Gfp.Kernel);
        }

        if (!kernel.Era.HasMemallocNofsScope())
        {
            return await allocate(Gfp.NoFs);
        }

        kernel.PageAlloc.MemallocNofsSave();
        var result = await allocate(Gfp.Kernel);
        kernel.PageAlloc.MemallocNofsRestore();
        return result;
    }

    /// <summary>
    /// evict_inode: with <see cref="SimpleFsOptions.JournalledWriteBegin"/>, drop the pages
    /// (truncate_inode_pages_final), then start a handle to release what the inode still holds
    /// in the journal, as XFS's inactivation frees a cached file's post-EOF blocks in a
    /// transaction [R]. (ext4 is not the model here: its eviction waits for the commit only for an
    /// inode with pages from 4.13, and jbd2 nests a task's own handles.) So a reclaimer that evicts from inside a GFP_NOFS allocation of this
    /// filesystem waits for its own handle: the inode cache's shrinker must refuse such an
    /// allocation (<see cref="Faults.ShrinkerIgnoresGfpFs"/>).
    /// </summary>
    [Models("fs/xfs/xfs_super.c", "xfs_fs_evict_inode (truncate_inode_pages_final)", "4.19")]
    [Models("fs/xfs/xfs_inode.c", "xfs_inactive (xfs_free_eofblocks: xfs_trans_alloc)", "4.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask EvictInode(Inode inode)
    {
        await kernel.Truncate.TruncateInodePagesRange(inode.Mapping, 0, -1);
        if (Options.JournalledWriteBegin)
        {
            await JournalStart();
            JournalStop();
        }
    }

    /// <summary>write_end, after the page is unlocked: stop the handle write_begin started.</summary>
    [Models("fs/ext4/inode.c", "ext4_ordered_write_end (ext4_journal_stop)", "2.6.36")]
    public void WriteEnd(AddressSpace mapping)
    {
        if (Options.JournalledWriteBegin)
        {
            JournalStop();
        }
    }
}
