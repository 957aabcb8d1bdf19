using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Memcg;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_min_max_ratio (4.19): the max_ratio is scaled only "if (this_bw &lt; tot_bw)", and
/// tot_write_bandwidth sums the avg_write_bandwidth of the wbs with dirty IO and nothing else.
/// A memcg's wb alone with dirty inodes on the disk (the root wb has none) is all of it, so a
/// max_ratio of 50 stays 50: the wb's share of the threshold of 40 pages, all of it (every
/// completion so far is its), is capped at 40 x 50 / 100 = 20. A strictlimit disk's domain shows it.
/// </summary>
public sealed class WbMaxRatioAloneTests
{
    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V4_20)]
    public void A_wb_alone_with_dirty_io_keeps_the_disk_s_whole_max_ratio(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.Kernel.BackingDev.Strictlimit = true;
        world.Kernel.BackingDev.MaxRatio = 50;
        var job = new MemCgroup("job", 1000);
        var inode = world.Kernel.CreateInode(0, world.Fs);
        job.Charge(inode.Mapping);
        InodeAttachWbTests.Write(world, inode, pages: 4);
        world.StartWriteback(inode, 4);
        world.RunAllPending();
        InodeAttachWbTests.Write(world, inode, pages: 1);
        Assert.Equal(25_600UL, Assert.Single(world.Throttle.CgroupWbs).Bandwidth.AvgWriteBandwidth);

        var dtc = world.Throttle.StrictlimitDomainNow(new TaskStruct { Comm = "dd", Memcg = job })!;

        Assert.Equal((40UL, 20UL), (dtc.Thresh, dtc.WbThresh));
    }
}
