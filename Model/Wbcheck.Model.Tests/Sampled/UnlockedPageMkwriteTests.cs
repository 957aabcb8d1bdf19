using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// do_wp_page before VM_FAULT_LOCKED (b827e496c893, 2.6.30): -&gt;page_mkwrite returned 0 with the
/// page unlocked (block_page_mkwrite of 2.6.29), and the fault went on without the page lock:
/// it must not unlock a page it never locked, and the store lands, dirtying the page.
/// </summary>
public sealed class UnlockedPageMkwriteTests
{
    [Fact]
    public void A_page_mkwrite_that_returns_unlocked_leaves_the_page_unlocked_and_dirty()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V2_6_29 });
        var vma = world.Kernel.Memory.Mmap(world.Inode, new UnlockedMkwrite());
        var pte = world.Kernel.Memory.MapPage(vma, world.Page(0));

        Assert.True(world.Run(() => world.Kernel.Memory.Store(vma, 0)));

        Assert.True(pte.Write && pte.Dirty);
        Assert.True(world.Page(0).Dirty);
        Assert.False(world.Page(0).Locked);
    }

    /// <summary>2.6.29's contract: prepare the page, return 0, leave it unlocked.</summary>
    private sealed class UnlockedMkwrite : IVmOperations
    {
        public bool HasPageMkwrite => true;

        public ValueTask<int> PageMkwrite(PageTable vma, Page page) => ValueTask.FromResult(0);
    }
}
