using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Shrinker;

/// <summary>
/// What a call without __GFP_FS could not scan is deferred (shrinker-&gt;nr, nr_deferred) and
/// handed to the next call: one unused inode, a GFP_NOFS call at priority 0 (target 2, refused at
/// the gate), then a GFP_KERNEL call at DEF_PRIORITY, whose own delta is 0 from 4.16.
/// </summary>
public sealed class ShrinkerDeferralTests
{
    private static int ShrinkSlab(Kernel kernel, Gfp gfp, int priority)
    {
        var freed = 0;
        var sc = new ScanControl { GfpMask = gfp, Priority = priority };
        ((SequentialRuntime)kernel.Runtime).Run("reclaim", async () => freed = await kernel.Vmscan.ShrinkSlab(sc, kernel.PageAlloc.Zones, 32));
        return freed;
    }

    [Theory]
    // 4.16-5.12: total_scan = nr + delta: the deferred 2 is scanned at DEF_PRIORITY.
    [InlineData(KernelEra.V4_17, 1)]
    [InlineData(KernelEra.V5_0, 1)]
    // 5.13 on: nr >> priority, 0 at DEF_PRIORITY: the deferred work waits for a lower priority.
    [InlineData(KernelEra.V6_9, 0)]
    public void A_gfp_nofs_call_s_target_is_deferred_to_the_next_gfp_kernel_call(KernelEra era, int freed)
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = era });
        var unused = kernel.CreateUnusedInode(0, new SimpleFs(kernel, SimpleFsOptions.Default));

        Assert.Equal(0, ShrinkSlab(kernel, Gfp.NoFs, priority: 0));
        Assert.False(unused.Freeing);

        Assert.Equal(freed, ShrinkSlab(kernel, Gfp.Kernel, priority: 12));
        Assert.Equal(freed == 1, unused.Evicted);
    }

    [Fact]
    public void Without_a_refused_call_before_it_a_gfp_kernel_call_at_def_priority_asks_for_nothing()
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = KernelEra.V4_17 });
        var unused = kernel.CreateUnusedInode(0, new SimpleFs(kernel, SimpleFsOptions.Default));

        Assert.Equal(0, ShrinkSlab(kernel, Gfp.Kernel, priority: 12));
        Assert.False(unused.Freeing);
    }
}
