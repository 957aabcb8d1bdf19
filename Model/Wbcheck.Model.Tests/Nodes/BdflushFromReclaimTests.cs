using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// 2.5.31's direct reclaim, short of its target after a round, wakes bdflush: wakeup_bdflush
/// hands background_writeout the page state's nr_dirty ("start heavy writeback of everything"),
/// so every page dirty then is written, though far fewer are dirty than the background threshold.
/// </summary>
public sealed class BdflushFromReclaimTests
{
    private static readonly Machine Numa = new() { OnlineCpus = 2, TotalPages = 200, Nodes = 2, MinFreeKbytes = 128 };

    [Fact]
    public void The_background_writeout_reclaim_wakes_writes_every_dirty_page_below_the_background_threshold()
    {
        // Pinned pages: the first round frees none of its batch and falls short (clean and
        // free, the batch of 32 would meet the target at once, and no bdflush be woken).
        var world = new ZoneWorld(KernelEra.V2_5, Numa, cached: 160, pinned: true);
        world.Write(pages: 9);
        var dirty = world.Kernel.Vmstat.NrFileDirty;
        Assert.InRange(dirty, 1, 9); // the writer's pages, far under the background threshold
        Assert.Contains(world.Runtime.Pending, thread => thread.Name.Contains("background_writeout", StringComparison.Ordinal));

        world.Runtime.RunAllPending();

        Assert.Equal(0, world.Kernel.Vmstat.NrFileDirty);
    }

    [Fact]
    public void Passes_of_max_writeback_pages_go_round_until_every_page_dirty_then_is_written()
    {
        // Passes of 4 pages: a pass that nr_to_write cut short leaves its inode dirty (2.5's
        // __sync_single_inode), and background_writeout goes round while nr_to_write is used up
        // and min_pages (nr_dirty) is not: 4, 4, then 1 of the 9.
        var world = new ZoneWorld(KernelEra.V2_5, Numa with { MaxWritebackPages = 4 }, cached: 160, pinned: true);
        world.Write(pages: 9);
        Assert.Equal(9L, world.Kernel.Vmstat.NrFileDirty);
        Assert.Contains(world.Runtime.Pending, thread => thread.Name.Contains("background_writeout", StringComparison.Ordinal));

        world.Runtime.RunAllPending();

        Assert.Equal(0, world.Kernel.Vmstat.NrFileDirty);
    }
}
