using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;

namespace Wbcheck.Model.Mm;

public sealed partial class Filemap
{
    /// <summary>
    /// A buffered write of one whole page: write_begin (find or create the page, locked), copy
    /// the data in (a new version), write_end (grow i_size while the page is still locked, so
    /// writeback cannot see the page past EOF, then mark it dirty and unlock).
    /// </summary>
    [Models("mm/filemap.c", "generic_perform_write", "6.9")]
    [Models("fs/libfs.c", "simple_write_end", "6.9")]
    public async Task GenericPerformWrite(OpenFile file, long index)
    {
        var mapping = file.Mapping;
        var inode = file.Inode;
        var page = await FilemapGetFolioForWrite(mapping, index);
        page.Version = ++inode.VersionClock;
        page.ZeroFrom = Page.PageSize;
        page.Uptodate = true;
        if (index + 1 > inode.SizePages)
        {
            inode.SizePages = index + 1;
        }

        await kernel.PageWriteback.FilemapDirtyFolio(mapping, page);
        FolioUnlock(page);
    }

    /// <summary>
    /// A store through a shared mapping, then the dirtying zap_pte_range does when the mapping
    /// goes: the data changes first, and the page is marked dirty without its lock.
    /// </summary>
    [Models("mm/memory.c", "zap_pte_range", "6.9")]
    public async Task MmapWriteAndUnmap(Page page)
    {
        if (page.Mapping is { } mapping)
        {
            page.Version = ++mapping.Host.VersionClock;
        }

        // A store through the mapping may land past EOF in the last page: the tail is no
        // longer known to be zero, so writeback must zero it again.
        page.ZeroFrom = Page.PageSize;

        await kernel.PageWriteback.FolioMarkDirty(page);
    }
}
