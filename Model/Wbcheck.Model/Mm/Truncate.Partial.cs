using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class Truncate
{
    /// <summary>
    /// The page that holds the new EOF stays in the cache, but the bytes of it past EOF must read
    /// as zero and must not reach the disk: find and lock it, wait for its writeback (the I/O
    /// may still be reading the old bytes), zero its tail from <paramref name="offset"/>, and let
    /// the filesystem drop what it has past EOF, the block-level truncate of the last page
    /// (do_invalidatepage; block_invalidate_folio for buffer heads). It is not dirtied: the tail
    /// is nobody's data. Every era did these steps between the two passes.
    /// </summary>
    [Models("mm/truncate.c", "truncate_inode_partial_folio", "6.9")]
    [Models("mm/truncate.c", "truncate_inode_pages_range (partial_start)", "3.19")]
    [Models("mm/truncate.c", "truncate_partial_page", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask TruncatePartialPage(AddressSpace mapping, long index, int offset)
    {
        // find_lock_page: look it up with a reference, lock it, and make sure it is still ours.
        await Filemap.XaLock(mapping, new StepLabel(kernel.Names.FindLockPage, index));
        var page = mapping.Pages.Load(index);
        if (page is not null)
        {
            Filemap.FolioGet(page);
        }

        Filemap.XaUnlock();
        if (page is null)
        {
            return;
        }

        await Filemap.FolioLock(page);
        if (page.Mapping == mapping)
        {
            await Filemap.FolioWaitWriteback(page);
            Highmem.ZeroUserSegment(page, offset, Page.PageSize);
            if (page.Buffers is not null)
            {
                BlockInvalidatePage(page, offset);
            }
        }

        Filemap.FolioUnlock(page);
        Filemap.FolioPut(page);
    }

    /// <summary>
    /// Discard the buffers wholly past <paramref name="offset"/>: no longer dirty, mapped or new,
    /// so writeback never writes their blocks, which the filesystem frees.
    /// </summary>
    [Models("fs/buffer.c", "block_invalidate_folio (discard_buffer)", "6.9")]
    [Models("fs/buffer.c", "block_invalidatepage (discard_buffer)", "2.6.20")]
    private static void BlockInvalidatePage(Page page, int offset)
    {
        foreach (var bh in page.Buffers!)
        {
            if (bh.OffsetInPage >= offset)
            {
                bh.State &= ~(BufferState.Dirty | BufferState.Mapped | BufferState.New | BufferState.Boundary);
            }
        }
    }
}
