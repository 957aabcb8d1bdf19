using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Kswapd;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// 3.18's kswapd_shrink_zone (the model's 3.19) leaves alone a zone above its high watermark
/// plus a balance gap, "min(low_wmark_pages(zone), DIV_ROUND_UP(zone-&gt;managed_pages,
/// KSWAPD_ZONE_BALANCE_GAP_RATIO))" [V, the line in a 3.x vmscan.c], the ratio 100 [R]: 1% of
/// the zone, rounded up. kswapd shrinks every zone up to the highest unbalanced one (end_zone),
/// so a lower zone balanced at its high watermark but not above high + gap is still shrunk.
/// </summary>
public sealed class KswapdBalanceGapTests
{
    [Theory]
    [InlineData(1_517, 51, "N1/1/0/0", 52)]
    [InlineData(1_517, 52, "", 52)]
    [InlineData(1_513, 51, "N1/1/0/0", 52)]
    public void Kswapd_shrinks_a_lower_zone_not_above_its_high_watermark_plus_one_percent(long totalPages, int normalFree, string normalBatches, long normalFreeAfter)
    {
        // Normal: 1,005 pages, watermarks 16/20/24, lowmem_reserve 16 (HighMem's 512 / 32).
        // The gap is min(20, DIV_ROUND_UP(1005, 100) = 11) = 11, so Normal is left alone only
        // with more than 24 + 11 + 16 = 51 free (the classzone is HighMem: its reserve counts).
        // HighMem is pinned to its high watermark (36 free): end_zone, never balanced. At 51
        // free, Normal is shrunk: one clean page freed (52, above the mark, and left alone
        // after); at 52 it is never scanned. 1,005 is where a gap of managed / 101 rounded up
        // (10) differs from 1%'s: the one free page between them. A Normal zone of 1,001 pages
        // (1,513 in all) has the same gap, 11 (DIV_ROUND_UP's + 99: a + 98 would make it 10),
        // and the same watermarks.
        var node = new KswapdNode(KernelEra.V3_19, new Machine { TotalPages = totalPages, TotalHighPages = 512, MinFreeKbytes = 64 });
        Assert.Equal((totalPages - 512, 20L, 24L, 16L), (node.Normal.ManagedPages, node.Normal.LowWmarkPages, node.Normal.HighWmarkPages, node.Normal.LowmemReserve));
        node.PinHighUntil(node.HighMem.HighWmarkPages);
        node.Add(node.Normal, (int)node.Free(node.Normal) - normalFree);

        node.Kswapd();

        Assert.Equal(normalBatches, string.Join(' ', node.Batches.Where(batch => batch.Zone == "N").Select(batch => batch.Counts)));
        Assert.Equal(normalFreeAfter, node.Free(node.Normal));
        Assert.True(node.Batches.Any(batch => batch.Zone == "H"), "HighMem, end_zone, was never shrunk");
    }
}
