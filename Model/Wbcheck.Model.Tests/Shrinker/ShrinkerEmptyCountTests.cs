using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Shrinker;

/// <summary>
/// 2.6.20's shrink_slab goes on with a count of 0 (fewer than 100 unused inodes, counted in
/// hundreds): the delta is 0 and the clamp <c>shrinker-&gt;nr = max_pass * 2</c> wipes the
/// deferred count. From 3.12 (the model's 3.19) a cache that counts nothing is not asked and
/// keeps it. 100 unused inodes beside 100 cached pages: each call's delta is 63, under a batch of
/// 128, so three GFP_NOFS calls defer 189; then one inode is taken (99: a count of 0), one call,
/// and it is put back; a GFP_KERNEL call's 63 alone scans nothing, with the 189 a batch of 128.
/// </summary>
public sealed class ShrinkerEmptyCountTests
{
    private static int ShrinkSlab(Kernel kernel, Gfp gfp)
    {
        var freed = 0;
        var sc = new ScanControl { GfpMask = gfp, Priority = 12 };
        ((SequentialRuntime)kernel.Runtime).Run("reclaim", async () => freed = await kernel.Vmscan.ShrinkSlab(sc, kernel.PageAlloc.Zones, 32));
        return freed;
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20, 0)]
    [InlineData(KernelEra.V2_6_36, 0)]
    public void A_count_of_0_wipes_the_deferred_scan_before_3_2(KernelEra era, int freed)
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = era });
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var file = kernel.CreateInode(100, fs);
        for (var index = 0; index < 100; index++)
        {
            kernel.Filemap.AddCachedPage(file.Mapping, index, dirty: false);
        }

        var unused = Enumerable.Range(0, 100).Select(_ => kernel.CreateUnusedInode(0, fs)).ToList();
        for (var call = 0; call < 3; call++)
        {
            Assert.Equal(0, ShrinkSlab(kernel, Gfp.NoFs));
        }

        Assert.True(kernel.Vfs.Igrab(unused[0]));
        Assert.Equal(0, kernel.Vmscan.InodeCacheCount());
        Assert.Equal(0, ShrinkSlab(kernel, Gfp.NoFs));
        ((SequentialRuntime)kernel.Runtime).Run("iput", async () => await kernel.Vfs.Iput(unused[0]));

        Assert.Equal(freed, ShrinkSlab(kernel, Gfp.Kernel));
    }
}
