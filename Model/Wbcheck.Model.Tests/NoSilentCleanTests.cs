using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>No silent clean: data newer than the disk's is dirty or under writeback, whatever mechanism dropped it.</summary>
public sealed class NoSilentCleanTests
{
    [Fact]
    public void Writeback_that_completes_leaves_nothing_owed()
    {
        var world = new World(pages: 2);
        Assert.Null(NoSilentClean.Check(world.Kernel));

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        Assert.Null(NoSilentClean.Check(world.Kernel));
    }

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V6_9)]
    public void A_writepage_that_ends_writeback_without_io_is_caught(KernelEra era)
    {
        var world = new World(pages: 2, config: new KernelConfig { Era = era, Faults = new Faults { WritepageEndsWritebackWithoutIo = true } });

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16, era)));

        Assert.Equal("page 0 of mapping of inode 1 is clean, unlocked and not under writeback, but holds v1 and the disk v0: nothing will write it", NoSilentClean.Check(world.Kernel));
    }

    [Fact]
    public void A_page_locked_for_writeback_or_past_EOF_is_not_owed()
    {
        var world = new World(pages: 3);
        var locked = world.Page(0);
        locked.Locked = true;
        locked.Dirty = false;
        world.Page(2).Dirty = false;
        world.Inode.SizePages = 2;

        Assert.Null(NoSilentClean.Check(world.Kernel));

        locked.Locked = false;
        Assert.StartsWith("page 0 of mapping of inode 1 is clean", NoSilentClean.Check(world.Kernel));
    }
}
