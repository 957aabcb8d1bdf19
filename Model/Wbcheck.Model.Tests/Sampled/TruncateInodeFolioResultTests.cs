namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// truncate_inode_folio (mm/truncate.c, 6.9; truncate_inode_page in 3.19): "if
/// (folio-&gt;mapping != mapping) return -EIO; truncate_cleanup_folio(folio);
/// filemap_remove_folio(folio); return 0;": 0 when it removed the page, -EIO for a page
/// already gone from the mapping.
/// </summary>
public sealed class TruncateInodeFolioResultTests
{
    [Fact]
    public void Removing_a_page_returns_0_and_a_page_already_gone_EIO()
    {
        var world = new World(pages: 2, dirty: false);
        var page = world.Page(1);

        // The caller's reference, as truncate_inode_pages_range holds one from its batch lookup.
        var (first, second) = world.Run(async () =>
        {
            Mm.Filemap.FolioGet(page);
            await world.Kernel.Filemap.FolioLock(page);
            var removed = await world.Kernel.Truncate.TruncateInodeFolio(world.Mapping, page);
            var again = await world.Kernel.Truncate.TruncateInodeFolio(world.Mapping, page);
            world.Kernel.Filemap.FolioUnlock(page);
            world.Kernel.Filemap.FolioPut(page);
            return (removed, again);
        });

        Assert.Equal((0, Errno.EIO), (first, second));
        Assert.Null(world.Mapping.Pages.Load(1));
    }
}
