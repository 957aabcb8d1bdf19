using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// <see cref="SimpleFsOptions.BlockPageMkwrite"/>: a -&gt;page_mkwrite of the filesystem's own,
/// in block_page_mkwrite's shape (5417169026c3, "[FS] Implement block_page_mkwrite.", David
/// Chinner, for XFS [V: the commit page]). Without the option the filesystem has the generic
/// vm_ops: no -&gt;page_mkwrite before 3.19, filemap_page_mkwrite from it.
/// </summary>
public sealed partial class SimpleFs
{
    bool IVmOperations.HasPageMkwrite => Options.BlockPageMkwrite || kernel.Era.HasFilemapPageMkwrite();

    ValueTask<int> IVmOperations.PageMkwrite(PageTable vma, Page page) => PageMkwrite(vma, page);

    /// <summary>
    /// -&gt;page_mkwrite: block_page_mkwrite (<see cref="SimpleFsOptions.BlockPageMkwrite"/>) or
    /// filemap_page_mkwrite. A filesystem of the ext4 kind (<see cref="SimpleFsOptions.Ext4MmapSem"/>)
    /// holds the lock its hole punch holds for writing, shared, around all of it, as
    /// ext4_page_mkwrite did: its i_mmap_sem from ea3d7209ca01 ("ext4: fix races between page
    /// faults and hole punching", 4.5 [I]), the mapping's invalidate_lock from d4f5258eae7b
    /// ("ext4: Convert to use mapping->invalidate_lock", 5.15), so that the page's blocks are not
    /// mapped or allocated while a punch that has truncated the page cache has not yet freed the
    /// blocks of the range (<see cref="PunchLock"/>); nothing before 4.5.
    /// </summary>
    [Models("fs/ext4/inode.c", "ext4_page_mkwrite (down_read i_mmap_sem around block_page_mkwrite)", "4.5")]
    [Models("fs/ext4/inode.c", "ext4_page_mkwrite (filemap_invalidate_lock_shared)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> PageMkwrite(PageTable vma, Page page)
    {
        var inode = vma.Mapping.Host;
        var punchLock = await kernel.Filemap.DownReadUnlessSkipped(Options.Ext4MmapSem ? PunchLock(inode) : null, page.Index, kernel.Faults.PageMkwriteSkipsInvalidateLock);
        var result = Options.BlockPageMkwrite ? await BlockPageMkwrite(vma, page) : await WritebackHelpers.FilemapPageMkwrite(kernel, vma, page);
        punchLock?.UpRead(kernel.Runtime);
        return result;
    }

    /// <summary>
    /// block_page_mkwrite: lock the page; if truncate took it out of the file, or i_size now ends
    /// before it starts ("page_offset(page) &gt; size"), give up (-EINVAL before c2ec175c39f6's
    /// companion, a SIGBUS; <see cref="VmFault.NoPage"/>, a retry, from 2.6.30: the fault decides,
    /// <see cref="Memory"/>'s PageMkwriteError). Otherwise prepare the page's blocks up to EOF
    /// (<see cref="BlockPrepareWrite"/>: mapped, or allocated where there are none) and commit
    /// them (block_commit_write), which dirties the buffers and so the page, under the page lock;
    /// a page that starts exactly at EOF prepares and commits no byte and is not dirtied. Before
    /// b827e496c893 the page is unlocked on return, and the fault dirties it again after making
    /// the pte writable, with no lock; from it, the page is returned locked (VM_FAULT_LOCKED) and
    /// the fault dirties and unlocks it [V: the diff of "mm: close page_mkwrite races (try 2)",
    /// linux-mm, 14 April 2009, whose removed lines are 2.6.29's]. From the 3.19 era it waits for
    /// stable pages too (d76ee18a8551, 3.0 [R]; wait_for_stable_page from 1d1d1a767206, 3.9).
    /// </summary>
    [Models("fs/buffer.c", "block_page_mkwrite", "2.6.29")]
    [Models("fs/buffer.c", "block_page_mkwrite (VM_FAULT_LOCKED)", "2.6.36")]
    [Models("fs/buffer.c", "block_page_mkwrite (__block_page_mkwrite, wait_for_stable_page)", "3.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> BlockPageMkwrite(PageTable vma, Page page)
    {
        var filemap = kernel.Filemap;
        await filemap.FolioLock(page);
        var size = vma.Mapping.Host.Size;
        var offset = page.Index * Page.PageSize;
        var folioForm = kernel.Era.BlockPageMkwriteFolioForm();
        var pastEof = folioForm ? offset >= size : offset > size;
        var faults = kernel.Faults;
        var truncated = page.Mapping != vma.Mapping && !faults.BlockPageMkwriteSkipsMappingCheck;
        var beyondEof = pastEof && !faults.BlockPageMkwriteSkipsMappingCheck && !faults.BlockPageMkwriteSkipsEofCheck;
        if (truncated || beyondEof)
        {
            // "page got truncated out from underneath us"
            filemap.FolioUnlock(page);
            return VmFault.NoPage;
        }

        // "page is wholly or partially inside EOF": all of it, or up to EOF in the page that
        // straddles it. The page form's mask keeps the page's own bytes: for a page wholly past
        // EOF, which only a skipped check lets through, it is EOF's offset in its own page, not
        // 0. The folio form subtracts, and for such a page the length is negative (unsigned in
        // the kernel: BlockPrepareWrite's BUG_ON).
        long end = folioForm
            ? (offset + Page.PageSize > size ? size - offset : Page.PageSize)
            : (page.Index + 1) * Page.PageSize > size ? size & (Page.PageSize - 1) : Page.PageSize;
        BlockPrepareWrite(page, end, size);
        if (end > 0)
        {
            // block_commit_write dirties the buffers it commits, and with them the page.
            await kernel.PageWriteback.FolioMarkDirty(page);
        }

        if (kernel.Era.WaitsForStablePages())
        {
            await kernel.PageWriteback.FolioWaitStable(page);
        }

        if (kernel.Era.PageMkwriteReturnsLocked())
        {
            return VmFault.Locked;
        }

        filemap.FolioUnlock(page);
        return 0;
    }

    /// <summary>
    /// Prepare bytes 0 to <paramref name="end"/> of the locked <paramref name="page"/> for a
    /// write: give it buffers, and map each buffer of the range that is not mapped with the
    /// filesystem's get_block, create set, which allocates a block where the file has none. The
    /// inode is the page's own (page-&gt;mapping-&gt;host), taken before anything else, even for
    /// an empty range: a page truncate took out of the file has no mapping, and the kernel
    /// dereferences NULL there. SimpleFs's block is its page (blocksize
    /// PAGE_SIZE); a page's buffers are not kept, so every preparation maps or allocates its one
    /// block, which the monitors see (<see cref="IKernelObserver.BlockAllocating"/>) with the
    /// i_size block_page_mkwrite read. The allocation takes no step: the model has no block
    /// allocator to sleep in. 2.6.20's block_prepare_write [V: fs/buffer.c of 2.6.20], 2.6.36's
    /// __block_write_begin (6e1db88d536a), 4.8's __block_write_begin, a call of
    /// __block_write_begin_int, which does the work [V: a 4.1x fs/buffer.c], 6.9's
    /// __block_write_begin_int called directly [V: the folio conversion of block_page_mkwrite,
    /// linux-fsdevel, 2023]. The oops and the BUG are named where the kernel's code that fails is
    /// (<see cref="EraNames.BlockPrepareWrite"/>).
    /// </summary>
    [Models("fs/buffer.c", "block_prepare_write (__block_prepare_write: get_block with create)", "2.6.20")]
    [Models("fs/buffer.c", "__block_write_begin", "2.6.36")]
    [Models("fs/buffer.c", "__block_write_begin (__block_write_begin_int)", "4.13")]
    [Models("fs/buffer.c", "__block_write_begin_int", "6.9")]
    private void BlockPrepareWrite(Page page, long end, long size)
    {
        if (page.Mapping is not { } mapping)
        {
            throw new KernelBugException(kernel.Names.BlockPrepareWrite, $"{page} has no mapping (truncate took it out of the file): a NULL pointer dereference of page->mapping->host");
        }

        if (end < 0)
        {
            // The folio form's i_size - folio_pos for a folio wholly past EOF: as the unsigned
            // len it is passed as, far above PAGE_SIZE.
            throw new KernelBugException(kernel.Names.BlockPrepareWrite, $"BUG_ON(to > PAGE_SIZE): {page} is wholly past i_size {size}, and block_page_mkwrite's length i_size - folio_pos wrapped");
        }

        if (end == 0)
        {
            // No buffer of the page lies in the range: nothing to map.
            return;
        }

        foreach (var observer in kernel.Observers)
        {
            observer.BlockAllocating(mapping.Host, page.Index, size);
        }
    }
}
