using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Shrinker;

/// <summary>
/// shrink_slab's target for the inode cache, era by era (<see cref="Vmscan.ShrinkerScanTarget"/>),
/// at the model's sizes: a cache of one to a hundred unused inodes beside an LRU of a few pages.
/// </summary>
public sealed class ShrinkerScanTargetTests
{
    [Theory]
    // To 4.15: (4 * scanned / seeks) * freeable / (lru_pages + 1); scanned 0 counts as 32.
    // 2.6.20: 2 * 4 * 100 / 15 = 53, no cap below twice the freeable.
    [InlineData(KernelEra.V2_6_20, 100, 0, 4, 14, 12, 53)]
    // 2.6.20's nr_deferred carried: 100 + 53, capped at 200 only above.
    [InlineData(KernelEra.V2_6_20, 100, 100, 4, 14, 12, 153)]
    // scanned 0 is SWAP_CLUSTER_MAX: 64 * 1 / 5 = 12, capped at twice the freeable.
    [InlineData(KernelEra.V3_19, 1, 0, 0, 4, 12, 2)]
    // 2 * 1 / 15 = 0: a round that scanned few pages of a larger LRU asks for nothing.
    [InlineData(KernelEra.V4_13, 1, 0, 2, 14, 12, 0)]
    // From 4.16 the priority: (1 >> 12) * 4 / 2 = 0 until priority 0, then 2.
    [InlineData(KernelEra.V4_17, 1, 0, 32, 14, 12, 0)]
    [InlineData(KernelEra.V4_17, 1, 0, 32, 14, 1, 0)]
    [InlineData(KernelEra.V4_17, 1, 0, 32, 14, 0, 2)]
    [InlineData(KernelEra.V5_0, 2, 0, 32, 14, 1, 2)]
    // 4.19-4.20: at least min(freeable, batch) at any priority.
    [InlineData(KernelEra.V4_20, 1, 0, 32, 14, 12, 1)]
    // 3.2-5.12: a delta under a quarter of the freeable holds the target to half of it.
    [InlineData(KernelEra.V5_0, 40, 100, 32, 14, 12, 20)]
    // 5.13 on: the deferred count shifted by the priority, capped at twice the freeable.
    [InlineData(KernelEra.V6_9, 40, 100, 32, 14, 12, 0)]
    [InlineData(KernelEra.V6_9, 40, 100, 32, 14, 2, 25 + 20)]
    [InlineData(KernelEra.V6_9, 1, 2, 32, 14, 0, 2)]
    public void The_target_is_the_eras_count(KernelEra era, long freeable, long nr, long nrScanned, long lruPages, int priority, long expected)
    {
        var batch = era.ShrinkerScansSmallCaches() ? 1024 : 128;

        Assert.Equal(expected, Vmscan.ShrinkerScanTarget(era, freeable, nr, nrScanned, lruPages, priority, batch).TotalScan);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20, 99, false)]
    [InlineData(KernelEra.V2_6_36, 99, false)]
    [InlineData(KernelEra.V2_6_20, 100, true)]
    [InlineData(KernelEra.V3_19, 1, true)]
    [InlineData(KernelEra.V6_9, 1, true)]
    public void To_3_11_the_inode_cache_counts_nothing_below_100_unused_inodes(KernelEra era, int unused, bool counted)
    {
        var kernel = new Kernel(new Runtime.SequentialRuntime(), new KernelConfig { Era = era });
        var fs = new Fs.SimpleFs(kernel, Fs.SimpleFsOptions.Default);
        for (var i = 0; i < unused; i++)
        {
            kernel.CreateUnusedInode(0, fs);
        }

        Assert.Equal(counted, kernel.Vmscan.InodeCacheCount() > 0);
    }
}
