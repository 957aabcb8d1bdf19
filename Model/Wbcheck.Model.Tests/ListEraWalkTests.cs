using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The list era's mpage_writepages walk over io_pages (2.5): a page found clean goes to
/// clean_pages, a page -&gt;writepage declines comes back unlocked, and the reference the walk
/// takes on each page it writes is given back.
/// </summary>
public sealed class ListEraWalkTests
{
    private static World In2_5(int pages, SimpleFsOptions? fs = null) =>
        new(pages, dirty: true, new KernelConfig { Era = KernelEra.V2_5 }, fs);

    private static long[] On(World world, PageListKind kind) => [.. world.Mapping.Lists.Pages(kind).Select(p => p.Index)];

    [Fact]
    public void A_clean_page_found_on_io_pages_goes_to_clean_pages_and_the_walk_goes_on()
    {
        // "if (!PageDirty(page)) { list_add(&page->list, &mapping->clean_pages); continue; }":
        // page 1 was left on io_pages by a pass that ran out of nr_to_write, then cleaned.
        var world = In2_5(pages: 3);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(1, KernelEra.V2_5)));
        Assert.Equal([2, 1], On(world, PageListKind.Io));
        var page = world.Page(1);
        world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            Assert.True(await world.Pw.ClearPageDirtyForIo(page));
            world.Filemap.FolioUnlock(page);
        });

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16, KernelEra.V2_5)));

        Assert.Empty(On(world, PageListKind.Io));
        Assert.Equal([1], On(world, PageListKind.Clean));
        Assert.True(world.Page(2).Writeback);
    }

    [Fact]
    public void A_page_writepage_declines_comes_back_dirty_and_unlocked()
    {
        var world = In2_5(pages: 2, fs: new SimpleFsOptions { DeclineBackgroundWriteback = true });

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16, KernelEra.V2_5)));

        Assert.All(new[] { 0L, 1L }, index => Assert.True(world.Page(index).Dirty && !world.Page(index).Locked, world.Page(index).FlagString()));
        Assert.Equal(AddressSpaceFlags.Eio, world.Mapping.Flags & AddressSpaceFlags.Eio);
    }

    [Fact]
    public void The_walk_gives_back_the_reference_it_takes_on_each_page()
    {
        var world = In2_5(pages: 3);
        var before = Enumerable.Range(0, 3).Select(index => world.Page(index).RefCount).ToArray();

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16, KernelEra.V2_5)));
        world.CompleteAllIo();

        Assert.All(Enumerable.Range(0, 3), index => Assert.False(world.Page(index).Writeback || world.Page(index).Dirty));
        Assert.Equal(before, Enumerable.Range(0, 3).Select(index => world.Page(index).RefCount));
    }

    [Fact]
    public void With_the_fault_that_walks_dirty_pages_nothing_is_spliced_onto_io_pages_first()
    {
        // The callers splice dirty_pages onto io_pages for the walk of io_pages only; the fault's
        // walk takes dirty_pages itself, and must find the pages there.
        var world = new World(2, dirty: true, new KernelConfig { Era = KernelEra.V2_5, Faults = new Faults { WalkDirtyPagesWithoutIoPages = true } });

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16, KernelEra.V2_5)));

        Assert.Empty(On(world, PageListKind.Io));
        Assert.All(new[] { 0L, 1L }, index => Assert.True(world.Page(index).Writeback, world.Page(index).FlagString()));
    }
}
