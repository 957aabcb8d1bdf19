using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The second pass of truncate_inode_pages_range (mm/truncate.c, 6.9 and 3.19): the pages the
/// first pass skipped because they were under writeback are looked up again with
/// find_get_entries, locked, waited on and removed, every one of them up to the range's end,
/// and the references the lookup took are given back (folio_batch_release), so the pages are
/// freed.
/// </summary>
public sealed class TruncateSecondPassTests
{
    /// <summary>A file of <paramref name="pages"/> pages all under writeback, their I/O not yet complete; a wait on one runs the I/O.</summary>
    private static World UnderWriteback(KernelEra era, int pages = 4, int batchSize = 31)
    {
        var world = new World(pages: pages, config: new KernelConfig { Era = era, BatchSize = batchSize });
        world.Kernel.Observers.Add(new TruncateMonitor());
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));
        Assert.All(Enumerable.Range(0, pages), index => Assert.True(world.Page(index).Writeback));
        world.Runtime.RunPendingWhenBlocked = true;
        return world;
    }

    [Theory]
    [InlineData(KernelEra.V3_19, 31)]
    [InlineData(KernelEra.V6_9, 31)]
    [InlineData(KernelEra.V6_9, 2)]
    public void Truncate_waits_out_the_writeback_of_every_page_and_frees_them_all(KernelEra era, int batchSize)
    {
        var world = UnderWriteback(era, batchSize: batchSize);
        var removed = Enumerable.Range(1, 3).Select(index => world.Page(index)).ToList();

        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));

        Assert.Equal(1, world.Mapping.NrPages);
        Assert.Equal(-1, world.Mapping.Pages.FindNext(1, long.MaxValue, XaMark.None));
        Assert.All(removed, page =>
        {
            Assert.Null(page.Mapping);
            Assert.False(page.Writeback || page.Locked);
            Assert.Equal(0, page.RefCount);
            Assert.True(page.Freed);
        });
        world.AssertInvariants();
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void Punching_a_hole_over_pages_under_writeback_removes_the_last_page_of_the_hole_too(KernelEra era)
    {
        var world = UnderWriteback(era);

        world.Run(() => world.Kernel.Truncate.TruncateInodePagesRange(world.Mapping, Page.PageSize, (3 * Page.PageSize) - 1));

        Assert.Null(world.Mapping.Pages.Load(1));
        Assert.Null(world.Mapping.Pages.Load(2));
        Assert.NotNull(world.Mapping.Pages.Load(0));
        Assert.NotNull(world.Mapping.Pages.Load(3));
    }

    [Fact]
    public void The_truncate_monitor_checks_the_hole_punched_and_not_the_pages_after_it()
    {
        var world = new World(pages: 4);
        world.Kernel.Observers.Add(new TruncateMonitor());

        // Pages 0 and 3 stay; a check of the range to the end of the file would report page 3.
        world.Run(() => world.Kernel.Truncate.TruncateInodePagesRange(world.Mapping, Page.PageSize, (3 * Page.PageSize) - 1));

        Assert.Equal(2, world.Mapping.NrPages);
        var monitor = new TruncateMonitor();
        var violation = Assert.Throws<InvariantViolationException>(() => monitor.TruncateEnded(world.Mapping, 1, 3));
        Assert.Contains("page 3 of", violation.Message);
    }
}
