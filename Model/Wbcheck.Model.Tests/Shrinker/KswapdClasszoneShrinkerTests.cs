using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Kswapd;

namespace Wbcheck.Model.Tests.Shrinker;

/// <summary>
/// 3.19's kswapd shrinks the slab caches from shrink_zone, only for the classzone (end_zone):
/// <c>shrink_zone(zone, sc, zone_idx(zone) == classzone_idx)</c>, and shrink_zone's
/// <c>if (global_reclaim(sc) &amp;&amp; is_classzone)</c> asks the shrinkers with that zone's scan
/// and LRU. A node whose Normal and HighMem are both below their watermarks: kswapd shrinks
/// Normal on its way to HighMem, and only HighMem's shrink asks the inode cache.
/// </summary>
public sealed class KswapdClasszoneShrinkerTests
{
    [Fact]
    public void Kswapd_asks_the_inode_cache_once_a_round_for_the_classzone_not_for_the_zones_below()
    {
        var node = new KswapdNode(KernelEra.V3_19, new Machine { TotalPages = 1024, TotalHighPages = 512, MinFreeKbytes = 64 });
        node.PinHighUntil(node.HighMem.LowWmarkPages);
        node.Add(node.Normal, (int)(node.Free(node.Normal) - node.Normal.LowWmarkPages));
        var fs = new SimpleFs(node.Kernel, SimpleFsOptions.Default);
        var unused = Enumerable.Range(0, 40).Select(_ => node.Kernel.CreateUnusedInode(0, fs)).ToList();

        node.Kswapd();

        // HighMem's pages are pinned: kswapd goes round after round, shrinking Normal and then
        // HighMem, and HighMem's small scans over its LRU ask for 13 inodes in all; asked after
        // Normal's shrink too (the model before section 90), with Normal's scan and LRU, all 40 went.
        Assert.Equal(13, unused.Count(inode => inode.Evicted));
    }
}
