using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// wb_dirty_limits' wb_dirty (4.19, 6.9): wb_stat(wb, WB_RECLAIMABLE) + wb_stat(wb, WB_WRITEBACK)
/// of the dtc's own wb, each read positive (percpu_counter_read_positive): a memcg's wb with
/// nothing dirty or under writeback has 0, and the root wb, whose inodes hold every dirty page
/// of the machine here, has all 5 (a strictlimit disk, where the loop reads it).
/// </summary>
public sealed class WbDirtyStatTests
{
    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void An_empty_cgroup_wb_has_no_dirty_pages_and_takes_none_from_the_root_wb(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.Kernel.BackingDev.Strictlimit = true;
        var memcg = new MemCgroup("job", 1000);
        world.Throttle.WbGetCreate(memcg);
        world.AddFile(dirty: 5);

        var root = world.Throttle.StrictlimitDomainNow(new TaskStruct { Comm = "dd" })!;
        var member = world.Throttle.StrictlimitDomainNow(new TaskStruct { Comm = "job-dd", Memcg = memcg })!;

        Assert.Equal((5UL, 0UL), (root.WbDirty, member.WbDirty));
    }
}
