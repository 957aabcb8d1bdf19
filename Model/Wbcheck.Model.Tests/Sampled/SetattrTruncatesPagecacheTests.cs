using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// SimpleFs's -&gt;setattr shrinking a file truncates the page cache past the new size
/// (truncate_setsize's truncate_pagecache, from 2.6.36 after block_truncate_page; before, in
/// vmtruncate after i_size_write) [R]: a file of three cached clean pages cut to one page keeps
/// page 0, and pages 1 and 2 leave the cache and go back to the allocator.
/// </summary>
public sealed class SetattrTruncatesPagecacheTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void Cutting_a_file_to_one_page_removes_the_pages_past_it(KernelEra era)
    {
        var world = new World(pages: 3, dirty: false, config: new KernelConfig { Era = era });
        var (page1, page2) = (world.Page(1), world.Page(2));

        world.Run(() => world.Fs.SetattrSize(world.Inode, Page.PageSize));

        Assert.Equal(Page.PageSize, world.Inode.Size);
        Assert.Equal(1, world.Mapping.NrPages);
        Assert.NotNull(world.Mapping.Pages.Load(0));
        Assert.True(page1.Freed && page2.Freed);
        world.AssertInvariants();
    }
}
