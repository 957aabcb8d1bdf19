using Wbcheck.Model.Mm;
using Wbcheck.Model.Tests.Assertions;

namespace Wbcheck.Model.Tests;

/// <summary>
/// __set_page_dirty_nobuffers when truncate took the page out between TestSetPageDirty and the
/// tree lock, era by era (docs/audit.md). Until 3.19 it re-checks the mapping under the lock and
/// accounts nothing ("Race with truncate?"). 2d6d7f982846 (3.19) made callers lock truncation
/// out and replaced the re-check with BUG_ON(page_mapping(page) != mapping); 2021's "Use
/// __set_page_dirty in __set_page_dirty_nobuffers" brought the re-check back (6.9 has it in
/// __folio_mark_dirty). The state is set up by calling the function with a page already removed:
/// between the bit and the tree lock it has no other scheduling point.
/// </summary>
public sealed class SetPageDirtyTruncationEraTests
{
    /// <summary>A clean page 1 that truncate removed from the file while a reference kept it.</summary>
    private static (World World, Page Page) RemovedPage(KernelEra era)
    {
        var world = new World(pages: 2, dirty: false, config: new KernelConfig { Era = era });
        var page = world.Page(1);
        Filemap.FolioGet(page);
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));
        Assert.Null(page.Mapping);
        return (world, page);
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V5_0)]
    public void From_3_19_a_page_truncated_before_the_tree_lock_is_a_kernel_bug(KernelEra era)
    {
        var (world, page) = RemovedPage(era);

        Fired.Bug("__set_page_dirty_nobuffers", "BUG_ON: page 1 left its mapping between TestSetPageDirty and the tree lock",
            () => world.Run(() => world.Pw.FilemapDirtyFolio(world.Mapping, page)));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void Before_3_19_and_in_6_9_the_recheck_accounts_nothing(KernelEra era)
    {
        var (world, page) = RemovedPage(era);

        Assert.True(world.Run(() => world.Pw.FilemapDirtyFolio(world.Mapping, page)));
        Assert.True(page.Dirty);
        Assert.Equal(0, world.Kernel.Vmstat.NrFileDirty);
        Assert.Null(world.Mapping.Pages.Load(1));
    }
}
