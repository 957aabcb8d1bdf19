using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// do_wp_page (2.6.36; wp_page_shared and finish_mkwrite_fault by 6.9) takes the pte lock again
/// after -&gt;page_mkwrite and gives up if the pte changed meanwhile: "if (!pte_same(*vmf-&gt;pte,
/// vmf-&gt;orig_pte)) { ... pte_unmap_unlock(vmf-&gt;pte, vmf-&gt;ptl); return VM_FAULT_NOPAGE; }"
/// [R], the page unlocked and its reference dropped by the caller (6.9's form; 2.6.36's do_wp_page
/// unlocks and releases the page itself and goes to its unlock label with 0). A pte zapped during the
/// mkwrite (a hole punch's unmap_mapping_range, the page still in the file) leaves the pte lock
/// free and the page clean and unlocked.
/// </summary>
public sealed class WpPageZappedDuringMkwriteTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void A_pte_zapped_during_page_mkwrite_is_left_alone_and_the_pte_lock_released(KernelEra era)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var page = world.Page(0);
        var vma = world.Kernel.Memory.Mmap(world.Inode, new ZappingMkwrite(world));
        var pte = world.Kernel.Memory.MapPage(vma, page);

        world.Run(() => world.Kernel.Memory.DoWpPage(vma, pte));

        Assert.Null(vma.Lookup(0));
        Assert.Same(world.Mapping, page.Mapping);
        Assert.Equal((false, false, false), (vma.PtlHeld, page.Locked, page.Dirty));
    }

    /// <summary>A -&gt;page_mkwrite during which the file's ptes are zapped, returning 0 (page not locked).</summary>
    private sealed class ZappingMkwrite(World world) : IVmOperations
    {
        public bool HasPageMkwrite => true;

        public async ValueTask<int> PageMkwrite(PageTable vma, Page page)
        {
            await world.Kernel.Memory.UnmapMappingRange(world.Mapping, 0, 0);
            return 0;
        }
    }
}
