using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Kswapd;

/// <summary>
/// balance_pgdat's end_zone (2.6.20 to 3.19): scanning down from the highest zone for one below its
/// high watermark; when there is none, "goto out" [R]: a kswapd woken on a node whose every zone is
/// balanced scans nothing. Normal holds 100 clean cached pages and HighMem 8, both far above
/// their high watermarks; kswapd frees nothing and takes no batch.
/// </summary>
public sealed class KswapdBalancedNodeTests
{
    private static readonly Machine Machine = new() { TotalPages = 1024, TotalHighPages = 512, MinFreeKbytes = 64 };

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    public void A_node_whose_zones_are_all_balanced_is_not_scanned(KernelEra era)
    {
        var node = new KswapdNode(era, Machine);
        node.Add(node.Normal, 100);
        node.Add(node.HighMem, 8);

        Assert.Equal(0, node.Kswapd());

        Assert.Empty(node.Batches);
    }
}
