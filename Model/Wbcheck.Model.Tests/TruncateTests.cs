using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

public sealed class TruncateTests
{
    [Fact]
    public void Truncate_leaves_no_page_and_no_tag_in_the_range()
    {
        var world = new World(pages: 4);
        world.Kernel.Observers.Add(new TruncateMonitor());
        var removed = world.Page(2);

        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 2));

        Assert.Equal(2, world.Mapping.NrPages);
        Assert.Equal(-1, world.Mapping.Pages.FindNext(2, long.MaxValue, XaMark.None));
        Assert.Null(removed.Mapping);
        Assert.True(removed.Freed);
        Assert.False(removed.Dirty);
        Assert.Equal(2, world.Kernel.Vmstat.NrFileDirty);
        world.AssertInvariants();
    }

    [Fact]
    public void Truncate_waits_for_writeback_of_a_page_in_the_range()
    {
        var world = new World(pages: 2);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1)));

        Assert.Equal("PG_writeback of page 1", blocked.Queue.Name);
        Assert.Equal(2, world.Mapping.NrPages);
    }

    [Fact]
    public void Truncate_after_the_io_completes_removes_the_page()
    {
        var world = new World(pages: 2);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));
        world.CompleteAllIo();

        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));

        Assert.Equal(1, world.Mapping.NrPages);
        world.AssertInvariants();
    }

    [Fact]
    public void Punching_a_hole_keeps_the_pages_around_it()
    {
        var world = new World(pages: 4);

        world.Run(() => world.Kernel.Truncate.TruncateInodePagesRange(world.Mapping, 1 << WritebackControl.PageShift, (3 << WritebackControl.PageShift) - 1));

        Assert.NotNull(world.Mapping.Pages.Load(0));
        Assert.Null(world.Mapping.Pages.Load(1));
        Assert.Null(world.Mapping.Pages.Load(2));
        Assert.NotNull(world.Mapping.Pages.Load(3));
        world.AssertInvariants();
    }

    [Fact]
    public void A_truncate_that_did_not_wait_for_writeback_is_caught()
    {
        var world = new World(pages: 2, config: new KernelConfig { Faults = new Faults { TruncateSkipsWritebackWait = true } });
        world.Kernel.Observers.Add(new TruncateMonitor());
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        var bug = Assert.ThrowsAny<Exception>(() => world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1)));

        Assert.Contains("under writeback", bug.Message);
    }
}
