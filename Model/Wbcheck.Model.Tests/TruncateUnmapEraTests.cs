namespace Wbcheck.Model.Tests;

/// <summary>
/// Truncate unmapping each page again under its lock before removing it, era by era
/// (<see cref="TruncateEras.TruncateUnmapsLockedFolio"/>): d00806b18315 (2.6.23) added it with
/// the fault's page lock. A fault that maps a page after the punch's unmap_mapping_range and
/// before its pages go leaves a pte on a page of no file in 2.5.31 and 2.6.20; from the 2.6.29
/// era truncate takes the pte away with the page.
/// </summary>
public sealed class TruncateUnmapEraTests
{
    [Theory]
    [InlineData(KernelEra.V2_5, false)]
    [InlineData(KernelEra.V2_6_20, false)]
    [InlineData(KernelEra.V2_6_29, true)]
    [InlineData(KernelEra.V2_6_36, true)]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V6_9, true)]
    public void A_pte_a_fault_put_in_after_the_punch_unmapped_goes_with_its_page_from_2_6_29_only(KernelEra era, bool unmaps)
    {
        var world = new World(pages: 2, dirty: false, config: new KernelConfig { Era = era });
        var page = world.Page(0);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);

        // The punch of page 0, inside i_size: its unmap first, then a fault, then its removal.
        world.Run(() => world.Kernel.Memory.UnmapMappingRange(world.Mapping, 0, 0));
        Assert.True(world.Run(() => world.Kernel.Memory.DoReadFault(vma, 0)));
        world.Run(() => world.Kernel.Truncate.TruncateInodePagesRange(world.Mapping, 0, Mm.Page.PageSize - 1));

        Assert.Null(page.Mapping);
        if (unmaps)
        {
            Assert.Null(vma.Lookup(0));
        }
        else
        {
            Assert.Same(page, vma.Lookup(0)?.Page);
        }
    }
}
