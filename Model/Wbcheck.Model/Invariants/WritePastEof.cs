using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// No write wholly past the i_size its writer read: a filesystem starts writeback only on pages
/// that begin inside the file as it saw it (block_write_full_page's "the page is entirely
/// outside i_size", iomap_writepage_handle_eof, xfs_convert_page's end_offset). A page past EOF
/// is truncate's to remove; writing it would put data, or allocate blocks, past the end of the
/// file.
/// <para>
/// Not "past the current i_size": truncate_setsize lowers i_size with i_size_write, without the
/// page lock, and only then unmaps and truncates the cache. A writer that read i_size under the
/// page lock can be preempted before it starts writeback (xfs_convert_page reads i_size, then
/// clear_page_dirty_for_io runs page_mkclean; __block_write_full_page reads it, then calls
/// set_page_writeback), so in the kernel a write may start wholly past an i_size a concurrent
/// truncate has just lowered. That is safe: truncate waits for the page's writeback in its
/// second pass before removing it, and the filesystem frees the blocks after. What the kernel
/// forbids is a write past the i_size the filesystem saw, which is what is checked here, and
/// a page past EOF still cached or still under writeback when truncate ends, which
/// <see cref="TruncateMonitor"/> checks (and removing a page under writeback is a kernel BUG).
/// </para>
/// </summary>
public sealed class WritePastEof : IKernelObserver
{
    public const string Name = "no write wholly past i_size";

    public void PageWriteStarting(Page page, WritebackControl wbc, long iSize)
    {
        if (page.Mapping is { } mapping && page.Index >= Page.PagesOf(iSize))
        {
            throw new InvariantViolationException(Name,
                $"{page} of {mapping.Host} starts writeback wholly past the i_size its writer read, {iSize} bytes");
        }
    }
}
