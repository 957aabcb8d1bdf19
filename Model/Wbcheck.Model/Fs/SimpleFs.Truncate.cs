using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

public sealed partial class SimpleFs
{
    /// <summary>
    /// truncate(2) to <paramref name="newSize"/> through the filesystem, under the inode lock
    /// do_truncate takes. From the new truncate sequence (2.6.36 era) -&gt;setattr zeroes and
    /// dirties the block holding the new EOF first, then sets i_size and truncates the page cache
    /// (ext2_setsize; xfs_setattr_size the same with block_truncate_page, iomap_truncate_page
    /// later). Before, vmtruncate set i_size and truncated the page cache, and then the
    /// filesystem's -&gt;truncate zeroed and dirtied the block from the i_size already set. Both
    /// ran for a larger size too (ext2_setattr calls ext2_setsize whenever the size changes,
    /// vmtruncate's do_expand ends in -&gt;truncate). Returns the i_size it replaced.
    /// </summary>
    [Models("fs/ext2/inode.c", "ext2_setsize", "6.9")]
    [Models("fs/xfs/xfs_iops.c", "xfs_setattr_size (block_truncate_page, then truncate_setsize)", "4.19")]
    [Models("mm/memory.c", "vmtruncate (then inode->i_op->truncate: ext2_truncate)", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<long> SetattrSize(Inode inode, long newSize)
    {
        await kernel.Vfs.InodeLock(inode);
        var oldSize = inode.Size;
        if (kernel.Era.BlockTruncatesBeforeSetsize())
        {
            await BlockTruncatePage(inode.Mapping, newSize, oldSize);

            // Nothing holds the page between block_truncate_page's unlock and i_size_write: a
            // flusher on another CPU may write it meanwhile, with the old i_size.
            await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel("truncate_setsize"));
            inode.Size = newSize;
            await kernel.Truncate.TruncatePagecache(inode, newSize);
        }
        else
        {
            inode.Size = newSize;
            await kernel.Truncate.TruncatePagecache(inode, newSize);
            await BlockTruncatePage(inode.Mapping, inode.Size, oldSize);
        }

        kernel.Vfs.InodeUnlock(inode);
        return oldSize;
    }

    /// <summary>
    /// The block-level truncate of the last page: the bytes of the block holding
    /// <paramref name="from"/> past it must be zero on the disk too, or a later extending write
    /// or truncate would read them back as file data. Find or create the page and lock it; read
    /// the block if the page is not uptodate; zero the block from <paramref name="from"/>; mark
    /// the buffer dirty, so that writeback takes the zeros to the disk. SimpleFs's block is its
    /// page (blocksize PAGE_SIZE, one buffer a page), so the block's tail is the page's and the
    /// buffer's dirtiness is the page's. No wait for writeback: the kernel's does not wait either.
    /// <paramref name="oldSize"/> is i_size before the truncate: the blocks the file has.
    /// </summary>
    [Models("fs/buffer.c", "block_truncate_page", "2.6.20")]
    [Models("fs/buffer.c", "block_truncate_page", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask BlockTruncatePage(AddressSpace mapping, long from, long oldSize)
    {
        var offset = (int)(from & (Page.PageSize - 1));
        if (offset == 0)
        {
            // Block boundary: nothing to do.
            return;
        }

        var index = from >> WritebackControl.PageShift;
        if (index >= Page.PagesOf(oldSize))
        {
            // A size raised into a block wholly past the old EOF: the filesystem has no block
            // there (it allocates blocks inside i_size only, and truncate freed those past it),
            // so get_block finds it unmapped, "a hole - nothing to do". The kernel has grabbed
            // the page first and leaves it cached, not uptodate, for a read to fill; the model
            // does not create it, which no writeback path can tell apart.
            return;
        }

        var page = await GrabCachePage(mapping, index);
        if (!page.Uptodate)
        {
            // ll_rw_block(READ) and wait_on_buffer: the block comes from the disk (the page was
            // created at the disk's version).
            await kernel.Runtime.Schedule(PointKind.SubmitIo, new StepLabel("ll_rw_block", index));
            page.Uptodate = true;
        }

        if (!kernel.Faults.BlockTruncatePageSkipsZeroing)
        {
            Highmem.ZeroUserSegment(page, offset, Page.PageSize);
        }

        // mark_buffer_dirty: the buffer, and with it the page, for writeback to write.
        if (!kernel.Faults.BlockTruncatePageSkipsDirtying)
        {
            await kernel.PageWriteback.FolioMarkDirty(page);
        }

        // The reference grab_cache_page returned, whether it found the page or made it: every
        // era drops it here (page_cache_release, put_page, folio_put).
        kernel.Filemap.FolioUnlock(page);
        kernel.Filemap.FolioPut(page);
    }

    /// <summary>
    /// The page at <paramref name="index"/>, locked, with a reference for the caller: the cached
    /// one (find_lock_page: the reference taken under the tree lock, kept once the page is locked
    /// and still in the mapping), or a new one, not uptodate, inserted locked. A new page has two
    /// references in the kernel, the allocation's, which the caller keeps, and the one
    /// add_to_page_cache takes for the page cache; the model's allocation is the page cache's, so
    /// the caller's is taken here. In every era the caller drops its reference when done.
    /// </summary>
    [Models("mm/filemap.c", "grab_cache_page (find_or_create_page)", "2.6.20")]
    [Models("mm/filemap.c", "add_to_page_cache (page_cache_get: the page cache's reference)", "2.6.20")]
    [Models("include/linux/pagemap.h", "filemap_grab_folio (__filemap_get_folio: FGP_LOCK | FGP_CREAT)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<Page> GrabCachePage(AddressSpace mapping, long index)
    {
        while (true)
        {
            await kernel.Filemap.XaLock(mapping, new StepLabel(kernel.Names.FindLockPage, index));
            var page = mapping.Pages.Load(index);
            if (page is not null)
            {
                Filemap.FolioGet(page);
            }

            kernel.Filemap.XaUnlock();
            if (page is null)
            {
                if (await kernel.Filemap.AddToPageCacheLru(mapping, index) is { } created)
                {
                    Filemap.FolioGet(created); // the allocation's reference, the caller's
                    return created;
                }

                continue;
            }

            await kernel.Filemap.FolioLock(page);
            if (page.Mapping == mapping)
            {
                return page;
            }

            kernel.Filemap.FolioUnlock(page);
            kernel.Filemap.FolioPut(page);
        }
    }
}
