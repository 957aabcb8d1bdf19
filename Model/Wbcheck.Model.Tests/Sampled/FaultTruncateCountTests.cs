using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// 2.6.20's do_no_page takes the page from filemap_nopage with a reference and no lock, and
/// ->page_mkwrite runs with neither: truncate may remove the page meanwhile. unmap_mapping_range
/// bumps mapping-&gt;truncate_count ("Protect against page faults"), and do_no_page, finding it
/// moved under the pte lock, drops the page and looks again ("If unmap_mapping_range got called,
/// retry getting the page") [R]: past the new i_size there is nothing to map.
/// </summary>
public sealed class FaultTruncateCountTests
{
    [Fact]
    public void A_page_truncated_while_the_unlocked_fault_slept_is_not_mapped()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Era = KernelEra.V2_6_20 });
        var page = world.Page(0);
        var vma = world.Kernel.Memory.Mmap(world.Inode, new TruncatingMkwrite(world));

        Assert.False(world.Run(() => world.Kernel.Memory.Store(vma, 0)));

        Assert.Null(vma.Lookup(0));
        Assert.Null(page.Mapping);
        Assert.False(page.Dirty);
        Assert.Equal(0, world.Kernel.Vmstat.NrFileDirty);
    }

    /// <summary>A -&gt;page_mkwrite during which the file is truncated to nothing.</summary>
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
