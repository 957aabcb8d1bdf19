using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// do_wp_page from 2.6.36 (and wp_page_shared after it): a -&gt;page_mkwrite that returns without
/// VM_FAULT_LOCKED has the page locked by the fault, which then finds it truncated ("if
/// (!page-&gt;mapping) { unlock_page(page); goto unwritable_page; }"): the fault is retried with
/// the page unlocked and its reference dropped, and nothing is made writable.
/// </summary>
public sealed class TruncatedDuringMkwriteTests
{
    [Fact]
    public void A_page_truncated_under_an_unlocked_page_mkwrite_is_unlocked_and_the_pte_left_alone()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V6_9 });
        var page = world.Page(0);
        var vma = world.Kernel.Memory.Mmap(world.Inode, new TruncatingMkwrite(world));
        var pte = world.Kernel.Memory.MapPage(vma, page);
        Filemap.FolioGet(page); // the test's own reference, to look at the page after it leaves the file

        world.Run(() => world.Kernel.Memory.DoWpPage(vma, pte));

        Assert.Null(page.Mapping);
        Assert.False(page.Locked);
        Assert.False(page.Dirty);
        Assert.Equal(1, page.RefCount); // the test's own: the page cache's, the pte's and the fault's are gone
    }

    /// <summary>A -&gt;page_mkwrite during which truncate takes the page, returning 0 (page not locked).</summary>
    private sealed class TruncatingMkwrite(World world) : IVmOperations
    {
        public bool HasPageMkwrite => true;

        public async ValueTask<int> PageMkwrite(PageTable vma, Page page)
        {
            await world.Kernel.Truncate.TruncateSetsize(world.Inode, 0);
            return 0;
        }
    }
}
