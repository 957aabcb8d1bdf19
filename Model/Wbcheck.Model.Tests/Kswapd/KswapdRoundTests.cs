using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Kswapd;

/// <summary>
/// How kswapd's priority loop goes from one round to the next, era by era, watched batch by
/// batch on <see cref="KswapdNode"/> (a Normal zone short of its high watermark, the HighMem
/// zone balanced): the nap between rounds, the priority a round keeps, and the bail-out of a
/// zone's scan that was direct reclaim's alone.
/// </summary>
public sealed class KswapdRoundTests
{
    private static readonly Machine Machine = new() { TotalPages = 1024, TotalHighPages = 512, MinFreeKbytes = 64 };

    /// <summary>
    /// 2.6.20's nap between rounds, "if (total_scanned && priority < DEF_PRIORITY - 2)
    /// congestion_wait(WRITE, HZ/10)", at its two edges. HighMem (804 pages) holds 768 pinned
    /// pages, 36 free: short of its high watermark (37), so it is the end zone and Normal, below
    /// it, is shrunk too. Each zone's count is deferred in nr_scan_inactive, which every round adds
    /// (lru &gt;&gt; priority) + 1 to, until it reaches SWAP_CLUSTER_MAX; HighMem's reaches it at
    /// priority 5 of each pass (29 by priority 6), and its pass ends with the count at zero.
    /// </summary>
    private static readonly Machine TwoZones = new() { TotalPages = 2048, TotalHighPages = 804, MinFreeKbytes = 64 };

    [Theory]
    [InlineData(KernelEra.V2_6_29, 0, 40L)]
    [InlineData(KernelEra.V2_6_36, 0, 0L)]
    [InlineData(KernelEra.V2_6_36, 6, 40L)]
    public void In_2_6_36_kswapd_takes_no_nap_between_rounds_while_a_zone_is_under_its_min_watermark(KernelEra era, int aboveMin, long napped)
    {
        // Pinned pages, nothing freed: every round below DEF_PRIORITY - 2 that scanned ends in
        // congestion_wait(HZ/10), 10 jiffies: four naps by the 20th batch. 2.6.36
        // skips the nap when a zone it shrank is still under its min watermark ("if
        // (total_scanned && priority < DEF_PRIORITY - 2 && !has_under_min_watermark_zone)").
        // At the min watermark exactly (16 free of 512) the zone is under it (zone_watermark_ok
        // wants more free than the mark); 6 pages fewer leave it between min and high.
        var node = new KswapdNode(era, Machine);
        node.Add(node.Normal, (int)(node.Normal.ManagedPages - node.Normal.MinWmarkPages) - aboveMin, pinned: true);
        var start = node.Kernel.Timers.Jiffies;

        node.Kswapd(stopAfter: 20);

        Assert.Equal(napped, node.Batches[^1].Jiffies - start);
    }

    [Fact]
    public void In_2_6_20_a_pass_that_scanned_one_page_naps_between_its_rounds_below_DEF_PRIORITY_minus_2()
    {
        // Normal holds one clean page: 14 added a pass (1 a round, 2 at priority 0), so its count
        // reaches 32 at priority 9 of the third pass, and the batch takes the one page there is.
        // total_scanned is 1: the rounds at 9, 8, 7 and 6 each end in a nap (40 jiffies) before
        // HighMem's batch at 5.
        var node = new KswapdNode(KernelEra.V2_6_20, TwoZones);
        node.Add(node.Normal, 1);
        node.Add(node.HighMem, 768, pinned: true);

        node.Kswapd(stopAfter: 108);

        var normal = node.Batches.Select((batch, index) => (batch, index)).Single(item => item.batch.Zone == "N");
        Assert.Equal("N1/1/0/0", normal.batch.Counts);
        Assert.Equal(40L, node.Batches[normal.index + 1].Jiffies - normal.batch.Jiffies);
    }

    [Fact]
    public void In_2_6_20_kswapd_takes_no_nap_after_its_round_at_DEF_PRIORITY_minus_2()
    {
        // Normal holds 32 clean pages at its LRU's tail and 968 pinned ones: its count reaches 32
        // at priority 6 (33), the round frees 32, and the pass ends (SWAP_CLUSTER_MAX reclaimed;
        // HighMem's count left at 29). HighMem still short, the next pass starts at DEF_PRIORITY:
        // 29 + 1 + 1 + 1 makes HighMem's batch at priority 10, after which there is no nap (10 is
        // not below DEF_PRIORITY - 2); the rounds at 9, 8 and 7 nap (30 jiffies) before Normal's
        // batch at 6.
        var node = new KswapdNode(KernelEra.V2_6_20, TwoZones);
        node.Add(node.Normal, 32);
        node.Add(node.Normal, 968, pinned: true);
        node.Add(node.HighMem, 768, pinned: true);

        node.Kswapd(stopAfter: 4);

        Assert.Equal("N32/32/0/0 N1/0/0/0 H32/0/0/0 N32/0/0/0", node.Trace());
        Assert.Equal(30L, node.Batches[3].Jiffies - node.Batches[2].Jiffies);
    }

    [Fact]
    public void From_3_11_a_round_that_scanned_its_target_and_freed_a_page_is_done_again_at_the_same_priority()
    {
        // 3.18's balance_pgdat: "if (raise_priority || !sc.nr_reclaimed) sc.priority--", and
        // kswapd_shrink_zone's "return sc->nr_scanned >= sc->nr_to_reclaim" clears
        // raise_priority. 490 pinned pages but one clean one 300 from the tail, 22 free of 512
        // (high watermark 24, target SWAP_CLUSTER_MAX): rounds scan 490 >> priority, 1, 3, 7,
        // 15, 30, 61 and 122 at priorities 8 to 2 (below the target or freeing nothing: the
        // priority drops), then 245 at priority 1, which frees the clean page: its target
        // reached and a page freed, the zone still short (23 free), the round is done again at
        // priority 1 (244 scanned, nothing freed), and only then does the priority drop to 0
        // and the loop end.
        var node = new KswapdNode(KernelEra.V3_19, Machine);
        node.Add(node.Normal, 300, pinned: true);
        node.Add(node.Normal, 1);
        node.Add(node.Normal, 189, pinned: true);

        Assert.Equal(1, node.Kswapd());

        Assert.Equal(1 + 3 + 7 + 15 + 30 + 61 + 122 + 245 + 244, node.Batches.Sum(batch => batch.Scanned));
        Assert.Equal(23, node.Free(node.Normal));
    }

    [Fact]
    public void In_2_6_29_kswapd_scans_a_zones_whole_count_after_the_round_reclaimed_a_batch_where_direct_reclaim_bails_out()
    {
        // 2.6.28's shrink_zone stops scanning a zone once the call has reclaimed more than
        // swap_cluster_max below DEF_PRIORITY, "&& !current_is_kswapd()": kswapd goes on. Two
        // zones of 100 pages (high watermarks 48): Normal with 40 clean pages behind 28 pinned,
        // HighMem with 68 pinned. The second round frees 32 in Normal (36 in all, more than 32),
        // then scans HighMem's whole count, 34 pages, in two batches.
        var node = new KswapdNode(KernelEra.V2_6_29, new Machine { TotalPages = 200, TotalHighPages = 100, MinFreeKbytes = 128 });
        node.Add(node.Normal, 28, pinned: true);
        node.Add(node.Normal, 40);
        node.Add(node.HighMem, 68, pinned: true);

        node.Kswapd(stopAfter: 5);

        Assert.Equal("N32/4/0/0 H32/0/0/0 N32/32/0/0 H32/0/0/0 H2/0/0/0", node.Trace());
    }
}
