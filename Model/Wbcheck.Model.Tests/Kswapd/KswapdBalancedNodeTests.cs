using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Kswapd;

/// <summary>
/// balance_pgdat's end_zone (2.6.20 to 3.19): at the top of each priority round, scanning down
/// from the highest zone for one below its high watermark; when there is none, "goto out" [R]: a
/// round that brought the node to balance is the last, even though its all_zones_ok (looked at
/// before the zones were shrunk) was false. 2.6.29 (2.6.36 looks at each zone after shrinking it, so
/// its round that balanced the node is already the last): Normal holds 490 pages, 22 free of 512 (high
/// watermark 24): 300 pinned at the LRU's tail, 3 clean, 187 pinned. The deferred count (the
/// zone's zone-&gt;lru[l].nr_scan) first reaches a batch at priority 4: 56, then 61 and 122 at
/// 3 and 2, pinned pages all; at priority 1, 245, which reach the three clean pages: 25 free,
/// over the high watermark. At priority 0 end_zone finds no zone short: no more scanning, though
/// Normal would be shrunk if end_zone named it (2.6.29 shrinks every zone up to end_zone).
/// </summary>
public sealed class KswapdBalancedNodeTests
{
    private static readonly Machine Machine = new() { TotalPages = 1024, TotalHighPages = 512, MinFreeKbytes = 64 };

    [Fact]
    public void The_round_after_the_one_that_balanced_the_node_scans_nothing()
    {
        var node = new KswapdNode(KernelEra.V2_6_29, Machine);
        node.Add(node.Normal, 300, pinned: true);
        node.Add(node.Normal, 3);
        node.Add(node.Normal, 187, pinned: true);

        Assert.Equal(3, node.Kswapd());

        Assert.Equal(25, node.Free(node.Normal));
        Assert.Equal(56 + 61 + 122 + 245, node.Batches.Sum(batch => batch.Scanned));
    }
}
