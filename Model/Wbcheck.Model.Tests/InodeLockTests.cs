using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>write(2) and truncate hold the inode lock in every era, under the era's name for it.</summary>
public sealed class InodeLockTests
{
    [Theory]
    [InlineData(KernelEra.V2_5, "down(i_sem)(1) would block on i_sem of inode 1, held by T0(writer)")]
    [InlineData(KernelEra.V2_6_29, "mutex_lock(i_mutex)(1) would block on i_mutex of inode 1, held by T0(writer)")]
    [InlineData(KernelEra.V6_9, "inode_lock(1) would block on i_rwsem of inode 1, held by T0(writer)")]
    public void Truncate_waits_for_a_writer_holding_the_inode_lock(KernelEra era, string message)
    {
        var world = new World(pages: 2, config: new KernelConfig { Era = era });
        world.Runtime.RunPendingWhenBlocked = true;
        world.Runtime.Run("writer", async () => await world.Kernel.Vfs.InodeLock(world.Inode));

        var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1)));

        Assert.Equal(message, blocked.Message);
        Assert.Equal(2, world.Inode.SizePages);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_write_waits_for_the_inode_lock_unless_the_fault_lets_it_skip_it(KernelEra era)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        world.Runtime.RunPendingWhenBlocked = true;
        var file = world.Kernel.Open(world.Inode);
        world.Runtime.Run("truncate", async () => await world.Kernel.Vfs.InodeLock(world.Inode));

        Assert.Throws<WouldBlockException>(() => world.Run(() => world.Filemap.GenericFileWriteIter(file, 1)));

        var skipping = new World(pages: 1, config: new KernelConfig { Era = era, Faults = new Faults { WriteSkipsInodeLock = true } });
        skipping.Runtime.RunPendingWhenBlocked = true;
        var other = skipping.Kernel.Open(skipping.Inode);
        skipping.Runtime.Run("truncate", async () => await skipping.Kernel.Vfs.InodeLock(skipping.Inode));
        Assert.True(skipping.Run(() => skipping.Filemap.GenericFileWriteIter(other, 1)) > 0);
        Assert.Equal(2, skipping.Inode.SizePages);
    }
}
