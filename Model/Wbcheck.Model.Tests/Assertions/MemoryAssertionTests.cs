using Wbcheck.Model.Diagnostics;

namespace Wbcheck.Model.Tests.Assertions;

/// <summary>
/// The assertions of the page-table and truncate paths (mm/rmap.c, mm/memory.c, mm/truncate.c),
/// each driven to a state where it must fire: without these, deleting one would leave every
/// test green.
/// </summary>
public sealed class MemoryAssertionTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20, "page_mkclean")]
    [InlineData(KernelEra.V6_9, "folio_mkclean")]
    public void Cleaning_the_ptes_of_an_unlocked_page_is_a_kernel_bug(KernelEra era, string function)
    {
        // The write fault locks the page to dirty it (fault_dirty_shared_page): cleaning its ptes
        // without the lock could lose a store between the pte going read-only and PG_dirty.
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        world.Kernel.Memory.MapPage(vma, world.Page(0));

        Fired.Bug(function, "page 0 is not locked", () => world.Run(() => world.Kernel.Rmap.PageMkclean(world.Page(0))));
    }

    [Fact]
    public void A_store_through_a_pte_whose_page_left_the_file_is_a_kernel_bug()
    {
        // Truncate and reclaim unmap a page before they remove it; removing it with its pte left
        // in place (as neither does) would let a store reach a page no writeback will ever see.
        var world = new World(pages: 1, dirty: false);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var page = world.Page(0);
        world.Kernel.Memory.MapPage(vma, page);
        world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            await world.Filemap.FilemapRemoveFolio(page);
            world.Filemap.FolioUnlock(page);
        });
        Assert.False(page.Freed); // the pte's reference keeps it

        Fired.Bug("handle_pte_fault", "pte of page 0 maps a page that left mapping of inode 1",
            () => world.Run(() => world.Kernel.Memory.Store(vma, 0)));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_3_11_truncating_to_an_end_inside_a_page_is_a_kernel_bug_in_the_eras_up_to_2_6_36(KernelEra era)
    {
        var world = new World(pages: 2, dirty: false, config: new KernelConfig { Era = era });

        Fired.Bug("truncate_inode_pages_range", "BUG_ON: lend 100 does not end a page",
            () => world.Run(() => world.Kernel.Truncate.TruncateInodePagesRange(world.Mapping, 0, 100)));
        Assert.NotNull(world.Mapping.Pages.Load(0)); // refused before removing anything
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void From_3_11_an_end_inside_a_page_is_legal_and_the_model_says_it_does_not_cover_it(KernelEra era)
    {
        // From 3.11 truncate_inode_pages_range zeroes a partial end as it does a partial start (no BUG_ON).
        var world = new World(pages: 2, dirty: false, config: new KernelConfig { Era = era });

        var error = Assert.Throws<UnmodelledPathException>(
            () => world.Run(() => world.Kernel.Truncate.TruncateInodePagesRange(world.Mapping, 0, 100)));
        Assert.Contains("partial_end", error.Message);
    }
}
