using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Mm;

/// <summary>struct address_space_operations: the filesystem's side of writeback.</summary>
[Models("include/linux/fs.h", "struct address_space_operations", "6.9")]
public interface IAddressSpaceOperations
{
    /// <summary>Whether the filesystem has its own -&gt;writepages; without one, do_writepages uses -&gt;writepage.</summary>
    bool HasWritepages { get; }

    /// <summary>
    /// Whether a_ops-&gt;writepage is set. A filesystem with only -&gt;writepages leaves it NULL (the
    /// iomap filesystems and ext4 of the 6.x kernels [R]); reclaim's pageout then activates the
    /// page instead of writing it (<see cref="Vmscan.Pageout"/>), and nothing else calls it.
    /// </summary>
    bool HasWritepage => true;

    /// <summary>
    /// -&gt;writepage: write one locked page whose dirty bit the caller cleared. It unlocks the
    /// page (after starting writeback, or after redirtying it), except when it returns
    /// <see cref="Errno.AOP_WRITEPAGE_ACTIVATE"/>, in which case the page is still locked.
    /// </summary>
    ValueTask<int> Writepage(Page page, WritebackControl wbc);

    /// <summary>-&gt;writepages: write the pages of the mapping that <paramref name="wbc"/> asks for.</summary>
    ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc);

    /// <summary>
    /// -&gt;write_begin of a whole-page buffered write: find or create the page at
    /// <paramref name="index"/>, locked; null for -ENOMEM. The default is simple_write_begin's
    /// (grab_cache_page_write_begin with the mapping's GFP_KERNEL-like mask, no lock of the
    /// filesystem's held), which the model's generic write used in every era.
    /// </summary>
    ValueTask<Page?> WriteBegin(Filemap filemap, AddressSpace mapping, long index) => filemap.FilemapGetFolioForWrite(mapping, index, Gfp.Kernel);

    /// <summary>
    /// Whether a_ops-&gt;releasepage (-&gt;release_folio from 5.19) is set; without one
    /// try_to_release_page frees the page's buffers itself (try_to_free_buffers).
    /// </summary>
    bool HasReleasepage => false;

    /// <summary>
    /// -&gt;releasepage: let go of the private data (buffer heads) of a locked page that is not
    /// under writeback, so that it can be freed; true when it did. <paramref name="gfpMask"/> says
    /// how hard it may try: without __GFP_FS it must neither wait on nor enter the filesystem
    /// (the caller may be reclaiming for an allocation the filesystem makes under its own locks).
    /// </summary>
    ValueTask<bool> Releasepage(Page page, Gfp gfpMask) => ValueTask.FromResult(false);

    /// <summary>-&gt;write_end's part after the page is dirtied and unlocked: what write_begin took that the write still holds. Nothing by default.</summary>
    void WriteEnd(AddressSpace mapping)
    {
    }
}
