using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Kswapd;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// zone_reclaimable reads the zone's NR_PAGES_SCANNED, which every batch of global reclaim adds
/// to (shrink_inactive_list) and every free into the zone clears: its footprint must conflict
/// with theirs, or the partial-order reduction would take kswapd's look at a zone for
/// independent of a scan that makes the zone unreclaimable, and run only one of their orders.
/// </summary>
public sealed class ZoneReclaimableFootprintTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    public void Looking_whether_a_zone_is_reclaimable_conflicts_with_counting_a_scan_of_it(KernelEra era)
    {
        var node = new KswapdNode(era, new Machine { TotalPages = 200, TotalHighPages = 100, MinFreeKbytes = 128 });
        var pages = node.Add(node.Normal, 4);
        var alloc = node.Kernel.PageAlloc;

        var look = RecordedAccesses.Of(() => _ = alloc.ZoneReclaimable(node.Normal));
        var scan = RecordedAccesses.Of(() => alloc.CountPagesScanned(pages));

        Assert.Contains(scan, entry => (entry & 1) == 1);
        Assert.Contains(look, entry => scan.Contains(entry | 1));
    }
}
