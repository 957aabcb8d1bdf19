namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The fault <see cref="Faults.EvictSkipsBusyPages"/> evicts as invalidate_mapping_pages does:
/// each page it finds idle is taken with a lookup reference, locked, removed, unlocked, and the
/// reference dropped (pagevec_release) [R], so an idle clean page leaves the cache and goes back
/// to the allocator: the fault differs from the kernel only for a page someone holds.
/// </summary>
public sealed class EvictSkipsBusyPagesTests
{
    [Fact]
    public void Idle_pages_of_an_evicted_inode_are_freed()
    {
        var world = new World(pages: 2, dirty: false, config: new KernelConfig { Faults = Faults.None with { EvictSkipsBusyPages = true } });
        var (page0, page1) = (world.Page(0), world.Page(1));
        world.Inode.Nlink = 0;

        world.Run(() => world.Kernel.Vfs.Iput(world.Inode));

        Assert.Equal(0, world.Mapping.NrPages);
        Assert.True(page0.Freed && page1.Freed);
        Assert.Equal((0, 0), (page0.RefCount, page1.RefCount));
    }
}
