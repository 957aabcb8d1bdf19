using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// pageout of a dirty page whose filesystem has no -&gt;writepage
/// (<see cref="SimpleFsOptions.NoWritepage"/>, only an aggregating -&gt;writepages): PAGE_ACTIVATE
/// ("if (mapping-&gt;a_ops-&gt;writepage == NULL) return PAGE_ACTIVATE;"), so kswapd, where it
/// would write the page of a filesystem with one, activates it dirty and leaves it to the
/// flusher, whose -&gt;writepages writes it.
/// </summary>
public sealed class PageoutWithoutWritepageTests
{
    private static readonly SimpleFsOptions WritepagesOnly = new() { AggregateWritepages = true, NoWritepage = true };

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    [InlineData(KernelEra.V6_10)]
    public void Kswapd_activates_a_dirty_page_of_a_filesystem_without_writepage_where_it_would_write_one(KernelEra era)
    {
        var written = KswapdMeetsTheDirtyPage(era, SimpleFsOptions.Default);
        Assert.Equal(ReclaimResult.Kept, written.Result);
        Assert.True(written.Page.Writeback);

        var activated = KswapdMeetsTheDirtyPage(era, WritepagesOnly);
        Assert.Equal(ReclaimResult.Activated, activated.Result);
        Assert.True(activated.Page.Active);
        Assert.True(activated.Page.Dirty);
        Assert.False(activated.Page.Writeback);
        Assert.False(activated.Page.Locked);
    }

    [Fact]
    public void The_flusher_writes_the_page_reclaim_activated_through_writepages()
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = KernelEra.V6_9 }, fs: WritepagesOnly);
        KswapdFirstMeeting.Meet(world, world.Page(0));
        Filemap.FolioGet(world.Page(0));
        Assert.Equal(ReclaimResult.Activated, world.Run(() => world.Kernel.Vmscan.ShrinkFolio(world.Page(0), kswapd: true)));

        _ = world.Run(() => world.Kernel.PageWriteback.DoWritepages(world.Mapping, WritebackControl.Background(1)));
        world.CompleteAllIo();

        Assert.False(world.Page(0).Dirty);
        Assert.Equal(world.Page(0).Version, world.Page(0).CommittedVersion);
        world.AssertInvariants();
    }

    [Fact]
    public void On_2_5_31_reclaim_writes_a_page_without_writepage_through_generic_vm_writeback()
    {
        // 2.5.31's shrink_cache never asked for -&gt;writepage: generic_vm_writeback writes the
        // mapping through do_writepages, which a filesystem with -&gt;writepages alone serves.
        var world = new World(pages: 1, config: new KernelConfig { Era = KernelEra.V2_5 }, fs: WritepagesOnly);
        Filemap.FolioGet(world.Page(0));

        Assert.Equal(ReclaimResult.Kept, world.Run(() => world.Kernel.Vmscan.ShrinkFolio(world.Page(0), kswapd: true)));

        Assert.True(world.Page(0).Writeback);
        Assert.False(world.Page(0).Dirty);
    }

    [Fact]
    public void The_list_eras_pageout_called_directly_on_such_a_page_is_an_unmodelled_path()
    {
        // 2.5.31's reclaim never calls it (generic_vm_writeback); its pageout is 2.5.49's form on.
        var world = new World(pages: 1, config: new KernelConfig { Era = KernelEra.V2_5 }, fs: WritepagesOnly);
        var page = world.Page(0);
        Filemap.FolioGet(page);

        Assert.Throws<UnmodelledPathException>(() => world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            return await world.Kernel.Vmscan.Pageout(page, world.Mapping, kswapd: true);
        }));
    }

    [Fact]
    public void A_filesystem_without_writepage_must_have_writepages()
    {
        var world = new World(pages: 1);

        Assert.Throws<ArgumentException>(() => new SimpleFs(world.Kernel, new SimpleFsOptions { NoWritepage = true }));
    }

    private static (Page Page, ReclaimResult Result) KswapdMeetsTheDirtyPage(KernelEra era, SimpleFsOptions fs)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era }, fs: fs);
        var page = world.Page(0);
        KswapdFirstMeeting.Meet(world, page);
        Filemap.FolioGet(page); // isolation
        var result = world.Run(() => world.Kernel.Vmscan.ShrinkFolio(page, kswapd: true));
        world.AssertInvariants();
        return (page, result);
    }
}
