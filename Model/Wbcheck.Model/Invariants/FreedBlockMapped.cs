using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// No cached page maps a block its filesystem frees: a hole punch truncates the page cache of
/// the range and then frees its blocks, so that no page is left whose buffers point at them. A
/// write fault whose -&gt;page_mkwrite maps or allocates the block of a page in the range
/// between the two (block_page_mkwrite's get_block with create set) leaves the page dirty with
/// its buffers on a block the punch then frees: writeback writes the page's data into free
/// space, over whatever file the block goes to next (ea3d7209ca01's "a page mapped to disk
/// blocks that will be shortly freed. Filesystem corruption will shortly follow"). The
/// observer remembers the page (and its allocator generation) each preparation was for, since
/// the model keeps no buffers, and checks the pages of the range when the filesystem frees
/// their blocks (<see cref="IKernelObserver.BlocksFreeing"/>): a page still cached there,
/// the same use of the frame, still maps the block. Only the scenarios that punch add it.
/// </summary>
public sealed class FreedBlockMapped : IKernelObserver
{
    public const string Name = "no cached page maps a freed block";

    private readonly Dictionary<(int Ino, long Index), (Page Page, int Generation)> prepared = [];

    public void BlockAllocating(Inode inode, long index, long iSize)
    {
        if (inode.Mapping.Pages.Load(index) is { } page)
        {
            prepared[(inode.Ino, index)] = (page, page.Generation);
        }
    }

    public void BlocksFreeing(Inode inode, long first, long last)
    {
        for (var index = first; index <= last; index++)
        {
            if (!prepared.Remove((inode.Ino, index), out var entry))
            {
                continue;
            }

            if (inode.Mapping.Pages.Load(index) is { } page && page == entry.Page && page.Generation == entry.Generation)
            {
                throw new InvariantViolationException(Name,
                    $"{page} of {inode} is cached{(page.Dirty ? ", dirty," : string.Empty)} with its block mapped by ->page_mkwrite, and the filesystem frees that block: writeback would write the page into free space");
            }
        }
    }
}
