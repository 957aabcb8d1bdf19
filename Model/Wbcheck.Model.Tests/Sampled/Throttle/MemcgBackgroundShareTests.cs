using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Tests.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_over_bg_thresh (4.19, 6.9; 6.10 changed it), its memcg part: "wb_stat(wb, WB_RECLAIMABLE) &gt;
/// wb_calc_thresh(mdtc-&gt;wb, mdtc-&gt;bg_thresh)". wb_calc_thresh builds a GDTC_INIT(wb): the wb's
/// share of the memcg's background threshold is its share of the global domain's completions,
/// not of the memcg domain's (where a memcg's only wb has all of them), until Kemeng Shi's 6.10
/// fix took the memcg domain's (<see cref="KernelEras.WbBgThreshInMemcgDomain"/>).
/// </summary>
public sealed class MemcgBackgroundShareTests
{
    [Theory]
    [InlineData(KernelEra.V4_20, true)]
    [InlineData(KernelEra.V6_9, true)]
    [InlineData(KernelEra.V6_10, false)]
    public void A_memcg_wb_is_over_its_global_share_of_the_memcg_background_threshold_until_6_10(KernelEra era, bool over)
    {
        // 100 pages: global background threshold 10. The job (50 pages) and the root wrote 4
        // pages each: the job's wb has half the global completions. The job then dirties d
        // pages: its memcg domain's avail is its 4 + d file pages plus its headroom 46 - d (less
        // than the clean memory elsewhere), 50, so its background threshold is 5; the job's
        // dirty pages are not over it, nor the machine's over 10, nor the wb's over its half of
        // 10. The wb's half of the memcg's 5 is 2: 4 dirty pages are over it, 2 are not. From
        // 6.10 the share is the memcg domain's, where the job's wb has all of it: 5, and 4 are not.
        var (world, job) = Boot(era);
        InodeAttachWbTests.Write(world, job, pages: 2, first: 4);
        var wb = Assert.Single(world.Throttle.CgroupWbs);
        Assert.False(world.Throttle.WbOverBgThresh(wb));

        InodeAttachWbTests.Write(world, job, pages: 2, first: 6);

        Assert.Equal(over, world.Throttle.WbOverBgThresh(wb));
    }

    private static (ThrottleWorld World, Fs.Inode Job) Boot(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var memcg = new MemCgroup("job", 50);
        var job = world.Kernel.CreateInode(0, world.Fs);
        memcg.Charge(job.Mapping);
        var root = world.Kernel.CreateInode(0, world.Fs);
        InodeAttachWbTests.Write(world, job, pages: 4);
        world.StartWriteback(job, 4);
        InodeAttachWbTests.Write(world, root, pages: 4);
        world.StartWriteback(root, 4);
        world.RunAllPending();
        return (world, job);
    }
}
