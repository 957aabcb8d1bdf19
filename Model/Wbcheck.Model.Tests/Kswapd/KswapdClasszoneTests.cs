using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Kswapd;

/// <summary>
/// 2.5.31's kswapd_balance_pgdat: a zone's need_balance is cleared by a try_to_free_pages call
/// for it that fell short of SWAP_CLUSTER_MAX, or that reached it and left a zone of its
/// classzone above pages_high; the node is gone over again while a flag is left. Watched batch
/// by batch on <see cref="KswapdNode"/>.
/// </summary>
public sealed class KswapdClasszoneTests
{
    [Fact]
    public void A_zone_its_call_brought_above_pages_high_is_not_balanced_again_while_a_lower_zone_still_is()
    {
        // Normal: 400 pages (min 128, high 192), 272 clean cached (128 free); HighMem: 200 pages
        // (low 48, high 64), 152 clean cached (48 free), the LRU's oldest. HighMem's call
        // (classzone HighMem: its pages and Normal's) frees 32 of its own pages: 80 free, above
        // 64, so its flag is cleared. Normal's call passes over the other 120 HighMem pages (not
        // of its classzone: scanned, left), then frees 32 of its own, page by page, and stops
        // there (2.5.31's shrink_cache: "if (--nr_pages) continue; goto out;"): 160 free. The
        // node is gone over again, Normal alone, twice: 192 is not above 192, 224 is. 128 in
        // all; HighMem is not reclaimed from again. (In 2.5.32's batches Normal's first call
        // freed 8 and a whole batch of 32, 168 free, and one more call ended it: 104, 200.)
        var node = new KswapdNode(KernelEra.V2_5, new Machine { TotalPages = 600, TotalHighPages = 200, MinFreeKbytes = 512 });
        node.Add(node.HighMem, 152);
        node.Add(node.Normal, 272);

        var reclaimed = node.Kswapd();

        Assert.Equal("128 80 224", $"{reclaimed} {node.Free(node.HighMem)} {node.Free(node.Normal)}");
    }
}
