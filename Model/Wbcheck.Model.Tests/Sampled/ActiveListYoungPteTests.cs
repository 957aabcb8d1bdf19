namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// shrink_active_list of the split LRU (2.6.28 on) calls page_referenced on a mapped file page it
/// takes off the active list, and deactivates it unless it is executable: page_referenced clears
/// the young bits it counts (ptep_clear_flush_young), so the reference is spent there, and the
/// inactive list's page_check_references later sees only what the page gathered since.
/// </summary>
public sealed class ActiveListYoungPteTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void Deactivating_a_mapped_page_clears_its_young_pte(KernelEra era)
    {
        // Pages 1 and 2 active, page 0 inactive: the inactive list is low, so the active list is
        // scanned; page 1 is mapped with its pte young.
        var world = new World(pages: 3, dirty: false, config: new KernelConfig { Era = era });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Kernel.Memory.MapPage(vma, world.Page(1));
        world.Page(1).Active = true;
        world.Page(1).Referenced = true;
        world.Page(2).Active = true;

        world.Run(() => world.Kernel.Vmscan.ReclaimOne());

        Assert.Equal((false, false), (world.Page(1).Active, world.Page(1).Referenced));
    }
}
