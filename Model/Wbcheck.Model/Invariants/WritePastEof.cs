using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// No block allocated or written wholly past the i_size its writer read: a filesystem starts
/// writeback only on pages that begin inside the file as it saw it (block_write_full_page's "the
/// page is entirely outside i_size", iomap_writepage_handle_eof, xfs_convert_page's end_offset),
/// and a write fault prepares (maps or allocates) only the blocks of the page inside the file as
/// it saw it under the page lock (block_page_mkwrite's "page_offset(page) &gt; size" check and its
/// end, 5417169026c3: "so we don't end up allowing allocations beyond the current EOF"). A page
/// past EOF is truncate's to remove; writing it, or allocating its blocks, would put data or
/// blocks past the end of the file.
/// <para>
/// Not "past the current i_size": truncate_setsize lowers i_size with i_size_write, without the
/// page lock, and only then unmaps and truncates the cache. A writer that read i_size under the
/// page lock can be preempted before it starts writeback (xfs_convert_page reads i_size, then
/// clear_page_dirty_for_io runs page_mkclean; __block_write_full_page reads it, then calls
/// set_page_writeback), so in the kernel a write may start wholly past an i_size a concurrent
/// truncate has just lowered. That is safe: truncate waits for the page's writeback in its
/// second pass before removing it, and the filesystem frees the blocks after. What the kernel
/// forbids is a write or an allocation past the i_size the filesystem saw, which is what is
/// checked here, and a page past EOF still cached or still under writeback when truncate ends,
/// which <see cref="TruncateMonitor"/> checks (and removing a page under writeback is a kernel
/// BUG).
/// </para>
/// </summary>
public sealed class WritePastEof : IKernelObserver
{
    public const string Name = "no block allocated or written wholly past i_size";

    public void PageWriteStarting(Page page, WritebackControl wbc, long iSize)
    {
        if (page.Mapping is { } mapping && page.Index >= Page.PagesOf(iSize))
        {
            throw new InvariantViolationException(Name,
                $"{page} of {mapping.Host} starts writeback wholly past the i_size its writer read, {iSize} bytes");
        }
    }

    public void BlockAllocating(Inode inode, long index, long iSize)
    {
        if (index >= Page.PagesOf(iSize))
        {
            throw new InvariantViolationException(Name,
                $"the block of page {index} of {inode} is allocated for a write fault wholly past the i_size its allocator read, {iSize} bytes");
        }
    }
}
