using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Shrinker;

/// <summary>
/// kswapd shrinks the inode cache too, with GFP_KERNEL, after each zone (node) it shrinks
/// (balance_pgdat's shrink_slab to 3.x; shrink_zone's and shrink_node's later): a node of one zone
/// filled with clean pages to below its high watermark, and beside them unused inodes. One
/// wakeup frees clean pages at DEF_PRIORITY and is balanced: whether it evicted the inodes is the
/// era's count at that first round.
/// </summary>
public sealed class KswapdShrinkerTests
{
    private static (Kernel Kernel, List<Inode> Unused) NewNode(KernelEra era, int unusedInodes)
    {
        var kernel = new Kernel(new SequentialRuntime { RunPendingWhenBlocked = true }, new KernelConfig
        {
            Era = era,
            Machine = new Machine { OnlineCpus = 2, Nodes = 1, TotalPages = 16, MinFreeKbytes = 32 },
        });
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var file = kernel.CreateInode(16, fs);
        var zone = kernel.PageAlloc.Zones[0];
        for (var index = 0; (long)kernel.Throttle.ZoneFreePages(zone) > zone.LowWmarkPages; index++)
        {
            kernel.Filemap.AddCachedPage(file.Mapping, index, dirty: false);
        }

        var unused = Enumerable.Range(0, unusedInodes).Select(_ => kernel.CreateUnusedInode(0, fs)).ToList();
        return (kernel, unused);
    }

    private static int Kswapd(Kernel kernel)
    {
        var reclaimed = 0;
        ((SequentialRuntime)kernel.Runtime).Run("kswapd0", async () => reclaimed = await kernel.Vmscan.Kswapd(0));
        return reclaimed;
    }

    [Theory]
    // 2.6.20: (4 * scanned / 2) * 100 / (lru + 1) is past a batch of 128 at once: all 100 go.
    [InlineData(KernelEra.V2_6_20, 100, 100)]
    [InlineData(KernelEra.V2_6_36, 100, 100)]
    // One unused inode: to 3.11 no count at all.
    [InlineData(KernelEra.V2_6_20, 1, 0)]
    [InlineData(KernelEra.V2_6_36, 1, 0)]
    // 3.12-4.15: the pages scanned over the LRU's size ask for the one inode.
    [InlineData(KernelEra.V3_19, 1, 1)]
    [InlineData(KernelEra.V4_13, 1, 1)]
    // 4.16 on: (1 >> 12) * 4 / 2 is 0 at DEF_PRIORITY, where kswapd is done; 4.19-4.20's floor
    // of min(freeable, batch) asks for it.
    [InlineData(KernelEra.V4_17, 1, 0)]
    [InlineData(KernelEra.V4_20, 1, 1)]
    [InlineData(KernelEra.V5_0, 1, 0)]
    [InlineData(KernelEra.V6_9, 1, 0)]
    public void Kswapd_evicts_the_unused_inodes_the_eras_count_asks_for(KernelEra era, int unusedInodes, int evicted)
    {
        var (kernel, unused) = NewNode(era, unusedInodes);

        Assert.True(Kswapd(kernel) > 0);

        Assert.Equal(evicted, unused.Count(inode => inode.Evicted));
    }

    [Fact]
    public void Kswapd_s_shrinker_scans_with_gfp_kernel_whoever_woke_it()
    {
        // The gate is kswapd's own mask, GFP_KERNEL: its eviction is legitimate, whatever the
        // allocation that woke it (its scan control's default mask).
        var (kernel, unused) = NewNode(KernelEra.V3_19, 1);

        Kswapd(kernel);

        Assert.True(unused[0].Evicted);
    }
}
