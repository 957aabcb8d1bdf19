using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Kswapd;

/// <summary>
/// kswapd in laptop mode (sc.may_writepage = !laptop_mode at the start of balance_pgdat) writes
/// no dirty page until its loop raises may_writepage, and the batch that first writes says
/// where: before 3.11 once it has scanned more than two batches (SWAP_CLUSTER_MAX * 2) at a poor
/// rate, from 3.11 once the priority is below DEF_PRIORITY - 2. Watched batch by batch on
/// <see cref="KswapdNode"/>: a Normal zone of dirty pages at its min watermark.
/// </summary>
public sealed class KswapdMayWritepageTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20, 150, "N32/0/0/0 N9/0/0/0 N32/0/0/0 N2/0/0/0 N32/0/32/32")]
    [InlineData(KernelEra.V2_6_29, 200, "N32/0/0/0 N10/0/0/0 N32/0/0/0 N14/0/0/0 N32/0/32/32")]
    [InlineData(KernelEra.V2_6_36, 200, "N32/0/0/0 N10/0/0/0 N32/0/0/0 N14/0/0/0 N32/0/32/32")]
    public void Before_3_11_kswapd_writes_from_the_zone_after_it_has_scanned_more_than_two_batches_freeing_nothing(KernelEra era, int zonePages, string firstBatches)
    {
        // balance_pgdat: "if (total_scanned > SWAP_CLUSTER_MAX * 2 && total_scanned >
        // nr_reclaimed + nr_reclaimed / 2) sc.may_writepage = 1", tested after each zone's
        // shrink. The zone's deferred counts (nr_scan_inactive, nr_saved_scan) make its first two
        // shrinks 41 and 34 pages (2.6.20, 150 pages) or 42 and 46 (2.6.29, 2.6.36, 200 pages):
        // 75 or 88 scanned in all, more than 64 and not more than 96, so the next shrink writes
        // every dirty page it takes (and marks it PG_reclaim, pageout's SetPageReclaim).
        var node = new KswapdNode(era, new Machine { TotalPages = zonePages + 512, TotalHighPages = 512, MinFreeKbytes = 64 }, laptopMode: 500);
        node.Add(node.Normal, (int)node.Normal.ManagedPages - (int)node.Normal.MinWmarkPages, dirty: true);

        node.Kswapd(stopAfter: 5);

        Assert.Equal(firstBatches, node.Trace());
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20, "N32/23/0/0 N1/1/0/0 N32/23/0/0 N32/23/0/0 N22/14/0/0 H32/0/0/0 H13/0/0/0")]
    [InlineData(KernelEra.V2_6_36, "N32/23/0/0 N22/16/0/0 N32/23/0/0 N18/12/0/0 H32/0/0/0 N32/23/0/0 N14/8/0/0 N32/23/0/0 N13/10/0/0 H32/0/0/0 H3/0/0/0")]
    public void Before_3_11_kswapd_that_frees_more_than_two_thirds_of_what_it_scans_stays_off_the_disk_in_laptop_mode(KernelEra era, string firstBatches)
    {
        // The other half of the test: "total_scanned > nr_reclaimed + nr_reclaimed / 2", a
        // reclaim rate under two thirds. Normal (600 pages, min 128, high 192) holds dirty and
        // clean pages 3 to 7, so kswapd frees about 70% of what it scans there: no pass reaches
        // the test, and the dirty pages of HighMem (short too: 42 free, high watermark 48),
        // scanned after Normal in the same rounds, stay dirty. (At a rate between 2/3 and 3/4
        // a test of nr_reclaimed / 3 would let the pass write them.)
        var node = new KswapdNode(era, new Machine { TotalPages = 800, TotalHighPages = 200, MinFreeKbytes = 512 }, laptopMode: 500);
        for (var index = 0; index < node.Normal.ManagedPages - node.Normal.MinWmarkPages; index++)
        {
            node.Add(node.Normal, 1, dirty: index % 10 >= 7);
        }

        node.Add(node.HighMem, (int)(node.HighMem.ManagedPages - node.HighMem.LowWmarkPages), dirty: true);

        node.Kswapd(stopAfter: firstBatches.Split(' ').Length);

        Assert.Equal(firstBatches, node.Trace());
    }

    [Theory]
    [InlineData(KernelEra.V3_19, 1100, "N1/0/0/0 N2/0/0/2 N4/0/4/4")]
    [InlineData(KernelEra.V4_13, 2288, "N1/0/0/0 N2/0/0/0 N4/0/4/0")]
    [InlineData(KernelEra.V6_9, 2288, "N1/0/0/0 N2/0/0/0 N4/0/4/0")]
    public void From_3_11_kswapd_in_laptop_mode_may_write_from_the_round_at_priority_9(KernelEra era, int dirty, string firstBatches)
    {
        // A round scans the zone's dirty pages >> priority; "if (sc.priority < DEF_PRIORITY - 2)
        // sc.may_writepage = 1": the round at 9 is the first that may write. Kswapd writes no
        // page before a batch of every page dirty and unqueued has flagged the zone (3.11) or
        // node (4.8) dirty, after that batch. 3.19, 1,100 pages (priorities 10, 9, 8 scan 1, 2,
        // 4): 3.18 isolates with ISOLATE_CLEAN while it may not write, so the dirty page at 10
        // is passed over; at 9 kswapd takes two, keeps them marked PG_reclaim and flags the
        // zone; the round at 8 writes. 4.13 and 6.9 isolate dirty pages whatever may_writepage
        // says, and write only a page met the second time (PG_reclaim, 4.11): each page here
        // was met before. 2,288 pages (priorities 11, 10, 9 scan 1, 2, 4): the batch at 11 flags
        // the node, the one at 10 may not write, the one at 9 writes. From 4.8 the node is
        // balanced when any zone is, so the HighMem zone is at its min watermark too.
        var node = new KswapdNode(era, new Machine { TotalPages = dirty + 16 + 256, TotalHighPages = 256, MinFreeKbytes = 64 }, laptopMode: 500);
        Assert.Equal(16, node.Normal.MinWmarkPages);
        if (era.AtLeast(KernelEra.V4_13))
        {
            node.Add(node.HighMem, (int)node.HighMem.ManagedPages - (int)node.HighMem.MinWmarkPages, pinned: true);
        }

        foreach (var page in node.Add(node.Normal, dirty, dirty: true))
        {
            page.Reclaim = era.AtLeast(KernelEra.V4_13);
        }

        node.Kswapd(stopAfter: 3);

        Assert.Equal(firstBatches, node.Trace());
    }
}
