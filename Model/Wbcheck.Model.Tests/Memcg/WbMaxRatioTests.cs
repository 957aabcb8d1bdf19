using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// wb_min_max_ratio (4.19) under __wb_calc_thresh: with cgroup writeback a wb's max_ratio is
/// scaled by its avg_write_bandwidth over the disk's tot_write_bandwidth (the wbs with dirty
/// inodes), but only a max_ratio under 100 (`if (max &lt; 100)`); 100 stays 100. Two memcgs'
/// wbs with dirty inodes, both at INIT_BW (25,600): the first, with every completion so far,
/// has the whole threshold of 40 pages as its share; a strictlimit disk's domain shows it.
/// At max_ratio 100 its wb_thresh is 40; at 99 the cap is 99 x 25,600 / 51,200 = 49%: 40 x
/// 49 / 100 = 19.
/// </summary>
public sealed class WbMaxRatioTests
{
    [Theory]
    [InlineData(KernelEra.V4_13, 100, 40UL)]
    [InlineData(KernelEra.V4_13, 99, 19UL)]
    [InlineData(KernelEra.V4_20, 100, 40UL)]
    [InlineData(KernelEra.V4_20, 99, 19UL)]
    public void Only_a_max_ratio_under_100_is_scaled_by_the_wbs_share_of_the_bandwidth(KernelEra era, int maxRatio, ulong wbThresh)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.Kernel.BackingDev.Strictlimit = true;
        world.Kernel.BackingDev.MaxRatio = maxRatio;
        var first = new MemCgroup("first", 1000);
        var inode = world.Kernel.CreateInode(0, world.Fs);
        first.Charge(inode.Mapping);
        InodeAttachWbTests.Write(world, inode, pages: 4);
        world.StartWriteback(inode, 4);
        world.RunAllPending();
        InodeAttachWbTests.Write(world, inode, pages: 1);
        var other = world.Kernel.CreateInode(0, world.Fs);
        new MemCgroup("second", 1000).Charge(other.Mapping);
        InodeAttachWbTests.Write(world, other, pages: 1);
        Assert.All(world.Throttle.CgroupWbs, wb => Assert.Equal(25_600UL, wb.Bandwidth.AvgWriteBandwidth));

        var dtc = world.Throttle.StrictlimitDomainNow(new TaskStruct { Comm = "dd", Memcg = first })!;

        Assert.Equal((40UL, wbThresh), (dtc.Thresh, dtc.WbThresh));
    }
}
