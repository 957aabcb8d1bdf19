using Wbcheck.Model.Fs;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The two reclaim writearounds of 2010 (Vmscan.RangeWriteout): which pages they write, and that
/// every page they lock comes back unlocked, written or not.
/// </summary>
public sealed class ReclaimRangeWriteoutTests
{
    [Fact]
    public void The_igrab_writeout_writes_exactly_the_pages_of_its_range()
    {
        // ->writepages over [first, last]: range_end is the last byte of page last.
        var world = new World(pages: 4);

        world.Run(() => world.Kernel.Vmscan.ReclaimWriteoutIgrab(world.Page(1), 0, 1));

        Assert.True(world.Page(0).Writeback && world.Page(1).Writeback);
        Assert.True(world.Page(2).Dirty && !world.Page(2).Writeback);
        Assert.True(world.Page(3).Dirty && !world.Page(3).Writeback);
    }

    [Fact]
    public void The_pinned_writeout_unlocks_a_page_it_finds_clean()
    {
        var world = new World(pages: 2, dirty: false);

        world.Run(() => world.Kernel.Vmscan.ReclaimWriteoutPinned(world.Page(1), 0, 1));

        Assert.False(world.Page(0).Locked || world.Page(1).Locked);
        Assert.False(world.Page(1).Writeback);
    }

    [Fact]
    public void The_pinned_writeout_unlocks_the_pages_writepage_declines()
    {
        // AOP_WRITEPAGE_ACTIVATE: ->writepage redirtied the page and left it locked for the caller.
        var world = new World(pages: 2, fs: new SimpleFsOptions { DeclineBackgroundWriteback = true });

        world.Run(() => world.Kernel.Vmscan.ReclaimWriteoutPinned(world.Page(1), 0, 1));

        Assert.All(new[] { 0L, 1L }, index => Assert.True(world.Page(index).Dirty && !world.Page(index).Locked, world.Page(index).FlagString()));
        world.AssertInvariants();
    }
}
