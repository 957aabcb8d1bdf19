using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A write fault on a missing pte of a shared mapping calls -&gt;page_mkwrite with the page
/// unlocked; another task's read fault may map the page meanwhile. The write fault then finds the
/// pte changed (6.9's finish_fault: "if (unlikely(vmf_pte_changed(vmf))) ... ret = VM_FAULT_NOPAGE",
/// and do_shared_fault returns before fault_dirty_shared_page; 2.6.29's __do_fault: no pte_same, so
/// no dirty_page) [R]: it installs nothing, does not dirty the page, and the access is tried again
/// (it will meet the read-only pte and take a write-protect fault of its own).
/// </summary>
public sealed class SharedFaultPteRaceTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_pte_mapped_while_page_mkwrite_slept_is_left_alone_and_the_page_stays_clean(KernelEra era)
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = era });
        var vmOps = new RacingReadFault(world);
        var vma = world.Kernel.Memory.Mmap(world.Inode, vmOps);

        Assert.True(world.Run(() => world.Kernel.Memory.DoSharedFault(vma, 0)));

        Assert.Same(vmOps.Mapped, vma.Lookup(0));
        Assert.False(vma.Lookup(0)!.Write);
        Assert.False(world.Page(0).Dirty);
        Assert.False(world.Page(0).Locked);
        Assert.Equal(2, world.Page(0).RefCount); // the page cache's and the read pte's: the write fault's went
        world.AssertInvariants();
    }

    /// <summary>A -&gt;page_mkwrite during which another task's read fault maps the page read-only.</summary>
    private sealed class RacingReadFault(World world) : IVmOperations
    {
        public Pte? Mapped { get; private set; }

        public bool HasPageMkwrite => true;

        public async ValueTask<int> PageMkwrite(PageTable vma, Page page)
        {
            Assert.True(await world.Kernel.Memory.DoReadFault(vma, page.Index));
            Mapped = vma.Lookup(page.Index);
            Assert.NotNull(Mapped);
            return 0;
        }
    }
}
