using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A scenario's initial state (Filemap.AddCachedPage): caching a page past i_size grows the file
/// to cover it, but caching the page i_size ends inside keeps i_size where it is, so a file whose
/// last page is partial (the EOF tail that block_write_full_page and the EOF checks zero) can be
/// set up.
/// </summary>
public sealed class CachedPageSizeTests
{
    [Fact]
    public void Caching_the_page_i_size_ends_inside_keeps_i_size()
    {
        var world = new World(pages: 0);
        var inode = world.Kernel.CreateInode(0, world.Fs);
        inode.Size = Page.PageSize + 100;

        world.Kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: true);

        Assert.Equal(Page.PageSize + 100, inode.Size);
    }

    [Fact]
    public void Caching_a_page_past_i_size_grows_the_file_to_its_end()
    {
        var world = new World(pages: 0);
        var inode = world.Kernel.CreateInode(1, world.Fs);

        world.Kernel.Filemap.AddCachedPage(inode.Mapping, 2, dirty: false);

        Assert.Equal(3L * Page.PageSize, inode.Size);
    }
}
