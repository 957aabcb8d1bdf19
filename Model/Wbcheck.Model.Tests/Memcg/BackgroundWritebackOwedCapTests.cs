using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// The background monitors' own count (<see cref="BackgroundWritebackOwed"/>) caps the root wb's
/// share with the disk's max_ratio unscaled. With cgroup wbs the kernel's wb_min_max_ratio scales
/// it by bandwidth, which the count does not model: it refuses that configuration with a message
/// that says what to do, rather than answer with a cap the kernel would not use. 9 dirty pages on
/// a 100-page machine: under its threshold of 10, so the count reaches the share and its cap.
/// </summary>
public sealed class BackgroundWritebackOwedCapTests
{
    private static ThrottleWorld World(KernelEra era, int maxRatio)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era });
        world.Throttle.WbGetCreate(new MemCgroup("job", 1000));
        world.Kernel.BackingDev.MaxRatio = maxRatio;
        world.AddFile(dirty: 9);
        return world;
    }

    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void With_cgroup_wbs_a_max_ratio_under_100_is_refused(KernelEra era)
    {
        var world = World(era, maxRatio: 50);

        var refused = Assert.Throws<InvalidOperationException>(() => BackgroundWritebackOwed.Now(world.Kernel));

        Assert.Contains("1 cgroup wb(s) and max_ratio 50", refused.Message);
        Assert.Contains("leave max_ratio at 100", refused.Message);
    }

    [Theory]
    [MemberData(nameof(InodeAttachWbTests.CgwbEras), MemberType = typeof(InodeAttachWbTests))]
    public void With_cgroup_wbs_and_max_ratio_100_the_count_answers(KernelEra era)
    {
        var world = World(era, maxRatio: 100);

        // A disk that has completed nothing: a share of 0, so its 9 dirty pages are over it.
        Assert.True(BackgroundWritebackOwed.Now(world.Kernel));
    }
}
