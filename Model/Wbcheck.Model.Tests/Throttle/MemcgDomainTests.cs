using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The memcg domain of 4.2's cgroup writeback in the running loop (4.13 to 6.9): a task in a
/// memory cgroup is throttled by the tighter of the global domain and its memcg's. The machine:
/// 100 pages, thresholds 10 and 40, freerun ceiling 25, ratelimit_pages 16; the memcg's ceiling
/// 50 pages (100 for one that cannot bind), every page of the dirtier's file charged to it.
/// </summary>
public sealed class MemcgDomainTests
{
    public static TheoryData<KernelEra> DtcEras => [KernelEra.V4_13, KernelEra.V4_20, KernelEra.V5_0, KernelEra.V6_9];

    [Theory]
    [MemberData(nameof(DtcEras))]
    public void A_memcg_dirtier_under_the_global_freerun_ceiling_is_throttled_by_its_memcg(KernelEra era)
    {
        var (world, file, dd) = Boot(era, memcgPages: 50);

        // 17 dirty pages: under the machine's freerun ceiling (25), but the memcg's dirtyable
        // memory is its 21 file pages and its 29 pages of headroom: thresholds 20 and 5, freerun
        // ceiling 12. Over it and under 20, the memcg's position ratio is above zero: one pause.
        Write(world, file, dd, 17);

        Assert.True(world.Jiffies > 0, $"the memcg's dirtier never slept ({world.Vmstat})");
    }

    [Theory]
    [MemberData(nameof(DtcEras))]
    public void A_memcg_as_large_as_the_machine_does_not_throttle_harder_than_the_global_domain(KernelEra era)
    {
        var (world, file, dd) = Boot(era, memcgPages: 100);

        Write(world, file, dd, 17);

        Assert.Equal(0L, world.Jiffies);
    }

    [Theory]
    [MemberData(nameof(DtcEras))]
    public void A_loop_without_the_memcg_domain_lets_the_memcg_dirtier_run_free(KernelEra era)
    {
        var (world, file, dd) = Boot(era, memcgPages: 50, Faults.None with { MemcgDomainIgnored = true });

        Write(world, file, dd, 17);

        Assert.Equal(0L, world.Jiffies);
    }

    [Fact]
    public void On_3_19_there_is_no_memcg_domain()
    {
        var (world, file, dd) = Boot(KernelEra.V3_19, memcgPages: 50);

        Write(world, file, dd, 17);

        Assert.Equal(0L, world.Jiffies);
    }

    [Fact]
    public void Mdtc_calc_avail_caps_the_headroom_by_the_clean_memory_elsewhere()
    {
        var math = new PageWritebackThrottle(KernelEra.V6_9, Faults.None);

        // 10 file pages, 6 of them dirty; 50 pages of headroom; globally 30 dirtyable, 20 dirty:
        // 10 clean, 4 of them the memcg's, so 6 clean elsewhere.
        Assert.Equal(16UL, math.MdtcCalcAvail(filepages: 10, headroom: 50, mdtcDirty: 6, gdtcAvail: 30, gdtcDirty: 20));

        // More dirty than dirtyable anywhere: every difference clamps at zero.
        Assert.Equal(10UL, math.MdtcCalcAvail(filepages: 10, headroom: 50, mdtcDirty: 60, gdtcAvail: 30, gdtcDirty: 40));
    }

    [Fact]
    public void The_memcg_domain_takes_dirty_bytes_as_a_ratio_of_global_dirtyable_memory()
    {
        var math = new PageWritebackThrottle(KernelEra.V4_20, Faults.None);

        // dirty_bytes = 40 pages' worth over 100 global dirtyable pages: 1639/4096 (rounded up)
        // of the memcg's 20 pages, 8; the background ratio stays 10%, 409/4096 in 1/PAGE_SIZE
        // steps: 1 page (8180/4096, rounded down).
        var limits = math.MemcgDomainDirtyLimits(avail: 20, globalAvail: 100, new ThrottleSettings { DirtyBytes = 40 * 4096 }, TaskStruct.Ordinary, globalDomainDirtyLimit: 40);

        Assert.Equal((8UL, 1UL), (limits.Dirty, limits.Background));
    }

    private static (ThrottleWorld World, OpenFile File, TaskStruct Dd) Boot(KernelEra era, long memcgPages, Faults? faults = null)
    {
        var world = new ThrottleWorld(faults: faults, config: KernelConfig.Default with { Era = era });
        world.Throttle.WritebackSetRatelimitIoLess();

        // 4 pages of the memcg's file written and completed (its wb's share of completions is
        // 1: cgroup writeback credits them to the memcg's wb, which the file's first dirtying
        // attached it to: it is charged before), and a slow dirty ratelimit of the wb the
        // dirtier balances against (100 pages/s), so that a throttled look owes a pause of its own.
        var inode = world.Kernel.CreateInode(0, world.Fs);
        var memcg = new MemCgroup("job", memcgPages);
        memcg.Charge(inode.Mapping);
        for (var index = 0; index < 4; index++)
        {
            world.Kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true);
        }

        world.StartWriteback(inode, 4);
        world.RunAllPending();
        world.Throttle.BwOf(world.Throttle.WbGetCreate(memcg)).DirtyRatelimit = 100;
        return (world, world.Kernel.Open(inode), new TaskStruct { Comm = "dd", Cpu = 0, Memcg = memcg });
    }

    private static void Write(ThrottleWorld world, OpenFile file, TaskStruct dd, int pages) => world.Run(async () =>
    {
        for (var index = 4L; index < 4 + pages; index++)
        {
            await world.Kernel.Filemap.GenericFileWriteIter(file, index);
        }
    }, dd);
}
