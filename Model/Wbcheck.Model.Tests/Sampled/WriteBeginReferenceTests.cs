namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A buffered write to a page already in the cache: write_begin's lookup (__filemap_get_folio,
/// grab_cache_page_write_begin's find_lock_page) takes a reference that write_end drops
/// (simple_write_end's folio_put, page_cache_release), so the page is left with the page cache's
/// reference alone, and a truncate that removes it frees it.
/// </summary>
public sealed class WriteBeginReferenceTests
{
    [Fact]
    public void A_write_to_a_cached_page_gives_its_lookup_reference_back_and_truncate_frees_the_page()
    {
        var world = new World(pages: 2, dirty: false);
        var page = world.Page(1);
        var file = world.Kernel.Open(world.Inode);

        Assert.True(world.Run(() => world.Filemap.GenericPerformWrite(file, 1)) > 0);
        Assert.Equal((1, true), (page.RefCount, page.Dirty));

        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));

        Assert.Null(page.Mapping);
        Assert.True(page.Freed);
    }
}
