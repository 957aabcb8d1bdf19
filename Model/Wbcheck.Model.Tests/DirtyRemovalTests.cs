using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// A page removed from the page cache while still dirty: 2.6.20 leaves it counted, 2.6.24 to 4.0
/// uncount it without a word, 4.1 on warn (reported as a kernel bug), each era as its kernel did.
/// </summary>
public sealed class DirtyRemovalTests
{
    [Fact]
    public void Before_2_6_24_the_page_stays_counted_in_NR_FILE_DIRTY()
    {
        var world = RemoveDirtyPage(KernelEra.V2_6_20);

        Assert.Equal(1, world.Kernel.Vmstat.NrFileDirty);
        Assert.Equal("NR_FILE_DIRTY is 1 but 0 page(s) are dirty", Accounting.Check(world.Kernel));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V3_19)]
    public void From_2_6_24_to_4_0_the_count_is_fixed_up_silently(KernelEra era)
    {
        var world = RemoveDirtyPage(era);

        Assert.Equal(0, world.Kernel.Vmstat.NrFileDirty);
        Assert.Null(Accounting.Check(world.Kernel));
    }

    [Theory]
    [InlineData(KernelEra.V4_13, "__delete_from_page_cache")]
    [InlineData(KernelEra.V5_0, "unaccount_page_cache_page")]
    [InlineData(KernelEra.V6_9, "filemap_unaccount_folio")]
    public void From_4_1_it_warns(KernelEra era, string function)
    {
        var bug = Assert.Throws<KernelBugException>(() => RemoveDirtyPage(era));

        Assert.Equal(function, bug.Function);
        Assert.Contains("WARN_ON_ONCE: page 0 removed from the page cache while dirty", bug.Message);
    }

    [Fact]
    public void The_truncate_monitor_sees_the_dirty_page_leave_in_every_era()
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = KernelEra.V2_6_29 });
        world.Kernel.Observers.Add(new TruncateMonitor());

        var violation = Assert.Throws<InvariantViolationException>(() => Remove(world));

        Assert.Contains("page 0 left mapping of inode 1 while dirty", violation.Message);
    }

    private static World RemoveDirtyPage(KernelEra era)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era });
        Remove(world);
        return world;
    }

    private static void Remove(World world)
    {
        var page = world.Page(0);
        Assert.True(page.Dirty);
        world.Run(async () =>
        {
            Filemap.FolioGet(page); // ours, so the removal does not free the locked page
            await world.Filemap.FolioLock(page);
            await world.Filemap.FilemapRemoveFolio(page);
            world.Filemap.FolioUnlock(page);
        });
    }
}
