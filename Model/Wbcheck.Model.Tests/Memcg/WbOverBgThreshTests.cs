using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// wb_over_bg_thresh (4.19, 6.9) of a cgroup wb: its first test is the machine's, gdtc->dirty &gt;
/// gdtc->bg_thresh, strictly over. On a 100-page machine the background threshold is 10 pages;
/// a memcg's wb with nothing dirty of its own is over it only once the machine has 11 dirty
/// pages (on the root wb's inodes), not at 10.
/// </summary>
public sealed class WbOverBgThreshTests
{
    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void A_cgroup_wb_is_over_the_background_threshold_only_when_the_machine_is_strictly_over_it(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        var wb = world.Throttle.WbGetCreate(new MemCgroup("job", 1000))!;
        world.AddFile(dirty: 10);
        Assert.Equal(10UL, world.Throttle.GlobalDirtyLimitsNow(TaskStruct.Ordinary).Background);

        var atThreshold = world.Throttle.WbOverBgThresh(wb);
        world.AddFile(dirty: 1);

        Assert.Equal((false, true), (atThreshold, world.Throttle.WbOverBgThresh(wb)));
    }
}
