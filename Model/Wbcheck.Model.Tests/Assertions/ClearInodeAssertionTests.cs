using Wbcheck.Model.Fs;

namespace Wbcheck.Model.Tests.Assertions;

/// <summary>
/// clear_inode's BUG_ONs (end_writeback's from 2.6.36 to 3.4), each driven to fire by calling it
/// in the state it forbids: a page left in the mapping, an inode nobody marked I_FREEING, an
/// inode cleared twice (I_CLEAR). The final iput of an unlinked inode reaches none of them
/// (<see cref="EvictedInodeIsClearedTests"/>); the BUG_ONs the model does not state are listed, with
/// why they cannot fire in the model, on <see cref="Vfs.ClearInode"/>.
/// </summary>
public sealed class ClearInodeAssertionTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20, "clear_inode")]
    [InlineData(KernelEra.V2_6_36, "end_writeback")]
    [InlineData(KernelEra.V6_9, "clear_inode")]
    public void A_page_left_in_the_mapping_is_a_kernel_bug(KernelEra era, string function)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        world.Inode.Freeing = true;

        Fired.Bug(function, $"{world.Inode} still has 1 page(s) (i_data.nrpages)", () => world.Run(() => world.Kernel.Vfs.ClearInode(world.Inode)));
    }

    [Fact]
    public void Clearing_an_inode_not_marked_i_freeing_is_a_kernel_bug()
    {
        var world = new World(pages: 0);

        Fired.Bug("clear_inode", $"{world.Inode} is not I_FREEING", () => world.Run(() => world.Kernel.Vfs.ClearInode(world.Inode)));
    }

    [Fact]
    public void Clearing_an_inode_twice_is_a_kernel_bug()
    {
        var world = new World(pages: 0);
        world.Inode.Freeing = true;
        world.Run(() => world.Kernel.Vfs.ClearInode(world.Inode));

        Fired.Bug("clear_inode", $"{world.Inode} is I_CLEAR already: cleared twice", () => world.Run(() => world.Kernel.Vfs.ClearInode(world.Inode)));
    }
}

/// <summary>
/// The final iput of an unlinked inode with dirty pages evicts it through clear_inode without a
/// BUG: its truncate left no page, I_FREEING is set, and the inode ends I_FREEING | I_CLEAR with
/// its dirty bit gone (i_state = I_FREEING | I_CLEAR).
/// </summary>
public sealed class EvictedInodeIsClearedTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void The_final_iput_clears_the_inode_and_its_dirty_state(KernelEra era)
    {
        var world = new World(pages: 2, dirty: true, config: new KernelConfig { Era = era });
        world.Inode.Nlink = 0;
        Assert.Equal(InodeState.DirtyPages, world.Inode.State);

        world.Run(() => world.Kernel.Vfs.Iput(world.Inode));

        Assert.True(world.Inode.Evicted && world.Inode.Freeing);
        Assert.Equal(InodeState.None, world.Inode.State);
        Assert.Equal(0, world.Mapping.NrPages);
    }
}
