using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// Direct reclaim's priority loop wakes the flushers, era by era: to 4.10 once it has scanned
/// more than one and a half batches in all (wakeup_pdflush, wakeup_flusher_threads; 2.5.31's
/// bdflush after every round short of its target), from 4.11 after a batch whose pages were all
/// dirty and not queued for I/O (bbef938429f5 and the patch before it). The machine of
/// <see cref="DirectReclaimTests"/>; the flusher woken is a pending thread of this sequential run.
/// </summary>
public sealed class PriorityLoopTests
{
    private static readonly Machine Numa = new() { OnlineCpus = 2, TotalPages = 200, Nodes = 2, MinFreeKbytes = 128 };

    [Theory]
    [InlineData(KernelEra.V2_5, false, true)]
    [InlineData(KernelEra.V2_5, true, true)]
    [InlineData(KernelEra.V2_6_20, false, false)]
    [InlineData(KernelEra.V2_6_20, true, true)]
    [InlineData(KernelEra.V2_6_36, true, true)]
    [InlineData(KernelEra.V3_19, false, false)]
    [InlineData(KernelEra.V3_19, true, true)]
    [InlineData(KernelEra.V4_13, false, false)]
    [InlineData(KernelEra.V4_13, true, true)]
    [InlineData(KernelEra.V6_9, false, false)]
    [InlineData(KernelEra.V6_9, true, true)]
    public void Direct_reclaim_wakes_the_flushers_by_its_scan_count_to_4_10_and_on_a_batch_of_unqueued_dirty_pages_from_4_11(KernelEra era, bool pinned, bool wakes)
    {
        // Clean pages: 2.5.31's first round may look at 160 / 6 = 26 pages, page by page, fewer
        // than its target of 32, so it falls short of its target and wakes
        // bdflush (a batch of 32 pages off the tail, 2.5.32's form, freed the target at once and
        // woke none); pinned, it falls short and wakes it too. 2.6.20 has its
        // 32 pages in the round that first scans (priority 2), before it looks at its scan
        // count; 3.19 to 6.9 free theirs having scanned 34, and no batch is dirty. Dirty pinned
        // pages (nothing freed): 2.6.20 to 3.19 scan past 48 pages in all; 4.13 and 6.9 meet a
        // batch of dirty pages not under writeback at once.
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: pinned, pinned: pinned);

        world.Write(pages: 9);

        // pdflush's background writeout to 2.6.31, the wb's flusher thread after (a queued work, WB_start_all).
        var wakeThread = era.SyncQueuesFlusherWork() ? "flusher" : "pdflush background_writeout";
        Assert.Equal(wakes, world.Runtime.Pending.Any(thread => thread.Name == wakeThread));
    }
}
