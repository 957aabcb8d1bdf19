using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// Cgroup writeback (4.2; the model's 4.13 to 6.9 eras): a memcg's inodes belong to the memcg's
/// own bdi_writeback, which counts their completions, keeps its own bandwidth estimate and
/// dirty ratelimit, and has its own flusher that writes its inodes alone. The machine: 100
/// pages, thresholds 10 and 40 (ThrottleWorld).
/// </summary>
public sealed class CgroupWritebackTests
{
    public static TheoryData<KernelEra> CgwbEras => [KernelEra.V4_13, KernelEra.V4_20, KernelEra.V5_0, KernelEra.V6_9];

    [Theory]
    [MemberData(nameof(CgwbEras))]
    public void A_completed_page_of_a_memcg_inode_counts_for_the_memcgs_wb_not_the_root(KernelEra era)
    {
        var (world, root, job, memcg) = TwoFiles(era, rootDirty: 2, jobDirty: 3);

        world.StartWriteback(job.Inode, 3);
        world.StartWriteback(root.Inode, 1);
        world.RunAllPending();

        var wb = memcg.Wb!;
        Assert.Equal(3UL, wb.Written);
        Assert.Equal(1UL, world.Throttle.WbWritten(null));
        Assert.Equal(4L, world.Vmstat.NrWritten);
        Assert.Single(world.Throttle.CgroupWbs);
    }

    [Theory]
    [MemberData(nameof(CgwbEras))]
    public void Completions_credited_to_the_root_wb_leave_the_memcgs_wb_with_none(KernelEra era)
    {
        var (world, _, job, memcg) = TwoFiles(era, rootDirty: 0, jobDirty: 3, Faults.None with { CgwbCompletionsToRoot = true });

        world.StartWriteback(job.Inode, 3);
        world.RunAllPending();

        Assert.Equal(0UL, memcg.Wb!.Written);
        Assert.Equal(3UL, world.Throttle.WbWritten(null));
    }

    [Fact]
    public void Before_cgroup_writeback_every_inode_is_the_root_wbs()
    {
        var (world, _, job, memcg) = TwoFiles(KernelEra.V3_19, rootDirty: 0, jobDirty: 3);

        world.StartWriteback(job.Inode, 3);
        world.RunAllPending();

        Assert.Null(memcg.Wb);
        Assert.Null(world.Throttle.InodeToWb(job.Inode));
        Assert.Equal(3UL, world.Throttle.WbWritten(null));
    }

    [Theory]
    [MemberData(nameof(CgwbEras))]
    public void A_memcgs_flusher_writes_the_memcgs_inodes_alone(KernelEra era)
    {
        // The machine's 8 dirty pages are under its background threshold (10); the memcg's 6, on
        // a ceiling of 10 pages, are over its own (1).
        var (world, root, job, memcg) = TwoFiles(era, rootDirty: 2, jobDirty: 6, memcgPages: 10);
        var wb = world.Throttle.WbGetCreate(memcg)!;
        Assert.True(world.Throttle.WbOverBgThresh(wb));

        world.Throttle.WbStartBackgroundWriteback(wb);
        world.RunAllPending();

        Assert.Equal(0, DirtyPages(job.Inode));
        Assert.Equal(2, DirtyPages(root.Inode));
        Assert.False(world.Throttle.WbOverBgThresh(wb));
        Assert.False(wb.WritebackRunning);
    }

    [Theory]
    [MemberData(nameof(CgwbEras))]
    public void A_flusher_that_ignores_its_wb_writes_the_roots_inodes_too(KernelEra era)
    {
        var (world, root, _, memcg) = TwoFiles(era, rootDirty: 2, jobDirty: 6, Faults.None with { FlusherIgnoresWb = true }, memcgPages: 10);

        world.Throttle.WbStartBackgroundWriteback(world.Throttle.WbGetCreate(memcg));
        world.RunAllPending();

        Assert.Equal(0, DirtyPages(root.Inode));
    }

    [Theory]
    [MemberData(nameof(CgwbEras))]
    public void The_roots_background_writeout_leaves_a_memcgs_inodes_to_the_memcgs_flusher(KernelEra era)
    {
        // 12 dirty pages: over the machine's background threshold (10). The root wb's flusher
        // writes its own 6 and stops; the memcg's are its wb's flusher's.
        var (world, root, job, _) = TwoFiles(era, rootDirty: 6, jobDirty: 6);

        world.Run(async () => await world.Throttle.BackgroundWriteout(0));
        world.RunAllPending();

        Assert.Equal(0, DirtyPages(root.Inode));
        Assert.Equal(6, DirtyPages(job.Inode));
    }

    [Theory]
    [MemberData(nameof(CgwbEras))]
    public void A_memcg_dirtier_balances_against_its_own_wb(KernelEra era)
    {
        var (world, _, job, memcg) = TwoFiles(era, rootDirty: 0, jobDirty: 4, memcgPages: 50);
        world.Throttle.WritebackSetRatelimitIoLess();
        world.StartWriteback(job.Inode, 4);
        world.RunAllPending();
        var wb = world.Throttle.WbGetCreate(memcg)!;
        wb.Bandwidth.DirtyRatelimit = 100;
        var dd = new TaskStruct { Comm = "dd", Cpu = 0, Memcg = memcg };
        var file = world.Kernel.Open(job.Inode);
        var rootBefore = world.Throttle.Bdi.ToString();

        // As MemcgDomainTests: 17 pages put the memcg over its freerun ceiling (12), not the machine.
        world.Run(async () =>
        {
            for (var index = 4L; index < 21; index++)
            {
                await world.Kernel.Filemap.GenericFileWriteIter(file, index);
            }
        }, dd);

        // Slow: the wb's own 100 pages/s made it sleep (at the root wb's INIT_BW, 25,600 pages/s,
        // the look's pause is under min_pause and it runs on: see the next test).
        Assert.True(world.Jiffies > 0, $"the memcg's dirtier never slept ({world.Vmstat})");
        Assert.Equal(rootBefore, world.Throttle.Bdi.ToString());
        Assert.Equal(17UL, wb.Dirtied);
    }

    [Theory]
    [MemberData(nameof(CgwbEras))]
    public void A_memcg_dirtier_does_not_take_the_root_wbs_ratelimit(KernelEra era)
    {
        var (world, _, job, memcg) = TwoFiles(era, rootDirty: 0, jobDirty: 4, memcgPages: 50);
        world.Throttle.WritebackSetRatelimitIoLess();
        world.StartWriteback(job.Inode, 4);
        world.RunAllPending();
        world.Throttle.Bdi.DirtyRatelimit = 100;
        var dd = new TaskStruct { Comm = "dd", Cpu = 0, Memcg = memcg };
        var file = world.Kernel.Open(job.Inode);

        world.Run(async () =>
        {
            for (var index = 4L; index < 21; index++)
            {
                await world.Kernel.Filemap.GenericFileWriteIter(file, index);
            }
        }, dd);

        Assert.Equal(0L, world.Jiffies);
    }

    private static (ThrottleWorld World, OpenFile Root, OpenFile Job, MemCgroup Memcg) TwoFiles(KernelEra era, int rootDirty, int jobDirty, Faults? faults = null, long memcgPages = 50)
    {
        var world = new ThrottleWorld(faults: faults, config: KernelConfig.Default with { Era = era });
        var root = world.AddFile(rootDirty);
        var memcg = new MemCgroup("job", memcgPages);
        var job = world.Kernel.CreateInode(0, world.Fs);
        memcg.Charge(job.Mapping);
        for (var index = 0; index < jobDirty; index++)
        {
            world.Kernel.Filemap.AddCachedPage(job.Mapping, index, dirty: true);
        }

        return (world, world.Kernel.Open(root), world.Kernel.Open(job), memcg);
    }

    private static int DirtyPages(Inode inode)
    {
        var count = 0;
        for (var index = inode.Mapping.Pages.FindNext(0, long.MaxValue, XaMark.Dirty); index >= 0; index = inode.Mapping.Pages.FindNext(index + 1, long.MaxValue, XaMark.Dirty))
        {
            count++;
        }

        return count;
    }
}
