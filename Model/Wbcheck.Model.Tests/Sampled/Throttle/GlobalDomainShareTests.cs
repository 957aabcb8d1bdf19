using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_dirty_limits over the global domain (4.19's gdtc, whatever the task's memcg): wb_calc_thresh
/// gives the wb the share of the global threshold its completions are of the global domain's
/// (fprop_fraction_percpu(&amp;dom-&gt;completions, &amp;wb-&gt;completions), dtc_dom(gdtc) being the global
/// domain), not of its memcg's. A memcg's wb that wrote half of every page written on the machine
/// gets half the global threshold; a strictlimit disk's domain shows it.
/// </summary>
public sealed class GlobalDomainShareTests
{
    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V4_20)]
    public void A_memcg_wb_gets_its_share_of_the_global_completions(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.Kernel.BackingDev.Strictlimit = true;
        var job = new MemCgroup("job", 1000);
        var inode = world.Kernel.CreateInode(0, world.Fs);
        job.Charge(inode.Mapping);
        var rootFile = world.Kernel.CreateInode(0, world.Fs);

        // 4 pages written by the job's wb, 4 by the root wb: the job's wb did half the completions.
        InodeAttachWbTests.Write(world, inode, pages: 4);
        world.StartWriteback(inode, 4);
        InodeAttachWbTests.Write(world, rootFile, pages: 4);
        world.StartWriteback(rootFile, 4);
        world.RunAllPending();
        InodeAttachWbTests.Write(world, inode, pages: 1);

        var dtc = world.Throttle.StrictlimitDomainNow(new TaskStruct { Comm = "dd", Memcg = job })!;

        Assert.Equal(dtc.Thresh / 2, dtc.WbThresh);
        Assert.True(dtc.Thresh >= 2);
    }
}
