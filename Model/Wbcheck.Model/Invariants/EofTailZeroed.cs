using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// The EOF tail is zeroed on every write: when a filesystem starts writeback on the page that
/// straddles the i_size it read, the bytes of that page past i_size are zero. A store through a
/// shared mapping can put bytes there at any time (the page stays mapped after a truncate into
/// its middle, and mmap maps whole pages), so block_write_full_page, mpage_writepage and
/// iomap_writepage_handle_eof zero the tail "on each and every writepage invocation", not once;
/// a filesystem that zeroed it only at truncate would put the stored bytes on the disk, where a
/// later extending truncate or write would expose them as file data. Checked as each write
/// starts, with the page locked and the i_size the writer read: the data the I/O carries is the
/// page's from then on (a store during the I/O, without stable pages, is the next write's to
/// zero).
/// </summary>
public sealed class EofTailZeroed : IKernelObserver
{
    public const string Name = "EOF tail zeroed on every write";

    public void PageWriteStarting(Page page, WritebackControl wbc, long iSize)
    {
        var offset = (int)(iSize & (Page.PageSize - 1));
        if (offset != 0 && page.Index == iSize >> WritebackControl.PageShift && page.ZeroFrom > offset && page.Mapping is { } mapping)
        {
            throw new InvariantViolationException(Name,
                $"{page} of {mapping.Host} straddles i_size {iSize} but starts writeback with its bytes {offset}-{page.ZeroFrom - 1} past i_size not zeroed");
        }
    }
}
