using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// redirty_tail's stamp (docs/flusher-loop.md): from 2.6.29 an inode a walk leaves dirty is
/// stamped now only if it is older than the youngest inode on b_dirty (2.6.20 stamped it always:
/// FsWritebackTests). File A is written with part of its pages left dirty at jiffy 9; file B,
/// on b_dirty, is dirtied before or after it, or not at all. (From 2.6.36 a used-up slice goes
/// to b_more_io instead, and the model's other way to redirty_tail, pages the filesystem
/// declines, restamps the inode through __mark_inode_dirty: docs/flusher-loop.md.)
/// </summary>
public sealed class RedirtyTailTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29, 0, 3L, 9)]
    [InlineData(KernelEra.V2_6_29, 3, 0L, 3)]
    [InlineData(KernelEra.V2_6_29, 3, 3L, 3)]
    [InlineData(KernelEra.V2_6_29, 0, null, 0)]
    public void Background_writeout_leaving_an_inode_dirty_stamps_it_only_if_it_is_older_than_b_dirty_s_youngest(KernelEra era, long aDirtied, long? bDirtied, long stamped)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var a = DirtiedAt(world, aDirtied, pages: 5);
        if (bDirtied is { } b)
        {
            DirtiedAt(world, b, pages: 1);
        }

        world.Kernel.Timers.Advance(9);

        // One page of five: 2.6.29's background writeout puts the inode back with redirty_tail.
        world.Run(() => world.Kernel.FsWriteback.WritebackSingleInode(a, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1, ForBackground = true }));

        Assert.Equal(InodeState.DirtyPages, a.State);
        Assert.Equal(stamped, a.DirtiedWhen);
    }

    [Fact]
    public void An_inode_the_walk_queued_on_b_io_and_has_not_reached_is_not_on_b_dirty()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V2_6_29 });
        var a = DirtiedAt(world, 0, pages: 5);
        var b = DirtiedAt(world, 3, pages: 1);
        world.Kernel.Timers.Advance(9);

        world.Run(() => world.Kernel.FsWriteback.WritebackInodes(new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1, ForBackground = true }));

        // The walk queued both and spent its page on A; B, still on b_io, is not on b_dirty, which
        // is empty: A goes back unstamped.
        Assert.Equal(0, a.DirtiedWhen);
        Assert.Equal(InodeState.DirtyPages, b.State);
    }

    /// <summary>A file of <paramref name="pages"/> dirty pages, first dirtied at <paramref name="jiffy"/> (the clock is at 0).</summary>
    private static Inode DirtiedAt(ThrottleWorld world, long jiffy, int pages)
    {
        var inode = world.AddFile(dirty: pages);
        inode.DirtiedWhen = jiffy;
        return inode;
    }
}
