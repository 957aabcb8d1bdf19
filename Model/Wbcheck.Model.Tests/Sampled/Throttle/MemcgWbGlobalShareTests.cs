using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Tests.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_over_bg_thresh (6.10), its second test: "wb_stat(wb, WB_RECLAIMABLE) &gt;
/// __wb_calc_thresh(gdtc, gdtc-&gt;bg_thresh)", the wb's share in the global domain (its part of
/// every wb's completions) of the machine's background threshold. From 6.10 the memcg part takes
/// the wb's share in its memcg's domain, where a memcg's only wb has all of it, so the global
/// test is the only one that sees a wb with a small part of the machine's completions holding
/// more dirty pages than that part of the threshold.
/// </summary>
public sealed class MemcgWbGlobalShareTests
{
    [Fact]
    public void A_memcg_wb_with_a_tenth_of_the_completions_is_over_its_tenth_of_the_global_background_threshold()
    {
        // 100 pages: global background threshold 10. The job (50 pages) wrote 1 page, the root
        // 9: the job's wb has a tenth of the global completions, so its global share of 10 is 1.
        // The job then dirties 2 pages: the machine's 2 are not over 10, the memcg's 2 not over
        // its background threshold of 5 (avail 50), nor the wb's 2 over its memcg-domain share
        // of 5 (all of it). Only the global share test says over: 2 > 1.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_10 });
        var memcg = new MemCgroup("job", 50);
        var job = world.Kernel.CreateInode(0, world.Fs);
        memcg.Charge(job.Mapping);
        var root = world.Kernel.CreateInode(0, world.Fs);
        InodeAttachWbTests.Write(world, job, pages: 1);
        world.StartWriteback(job, 1);
        InodeAttachWbTests.Write(world, root, pages: 9);
        world.StartWriteback(root, 9);
        world.RunAllPending();
        InodeAttachWbTests.Write(world, job, pages: 1, first: 1);
        var wb = Assert.Single(world.Throttle.CgroupWbs);
        var overAtOne = world.Throttle.WbOverBgThresh(wb);

        InodeAttachWbTests.Write(world, job, pages: 1, first: 2);

        Assert.Equal((false, true), (overAtOne, world.Throttle.WbOverBgThresh(wb)));
    }
}
