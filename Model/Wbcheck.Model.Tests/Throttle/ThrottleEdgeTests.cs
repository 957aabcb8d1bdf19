using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// Edges of the throttle that no other model test pinned: the mutation check's survivors in
/// Mm/Throttle/ (tools/mutate/runs/run8.jsonl, docs/mutation.md), each killed here.
/// </summary>
public sealed class ThrottleEdgeTests
{
    /// <summary>
    /// background_writeout's control is range_cyclic: each pass resumes where the last one left
    /// the mapping's writeback_index, and the last pass leaves it after the last page it wrote.
    /// A whole-file pass that runs out of nr_to_write would not move it.
    /// </summary>
    [Fact]
    public void Background_writeout_resumes_each_pass_where_the_last_one_stopped()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }).DiskHasWritten();
        var file = world.AddFile(dirty: 30);

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        // Five passes of 4 pages (30..14 are over the threshold of 10, 10 is not, from 2.6.37):
        // 0..19 written, the next pass would begin at 20.
        Assert.Equal(20, world.PagesSubmitted);
        Assert.Equal(20, file.Mapping.WritebackIndex);
    }

    /// <summary>
    /// balance_dirty_pages (2.6.20) writes its chunk with a range_cyclic control too: the file's
    /// writeback_index ends after the chunk, where the next throttled task goes on.
    /// </summary>
    [Fact]
    public void A_throttled_task_s_chunk_moves_the_file_s_writeback_index()
    {
        var world = new ThrottleWorld();
        var file = world.AddFile(dirty: 60);

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping));

        Assert.Equal(24, world.PagesSubmitted);
        Assert.Equal(24, file.Mapping.WritebackIndex);
    }

    /// <summary>
    /// bdi_dirty_limit: the disk's share is the threshold times its fraction of completions, to
    /// the page (8 of 72 completions, as in PerBdiThrottleTests; a threshold large enough that an
    /// error of one percent shows).
    /// </summary>
    [Fact]
    public void The_disk_s_share_of_a_large_threshold_is_its_fraction_of_it()
    {
        var world = Booted(KernelEra.V2_6_36);
        var file = world.AddFile(dirty: 8);
        world.StartWriteback(file, 8);
        world.RunAllPending();

        Assert.Equal((8UL, 72UL), world.Throttle.BdiWriteoutFraction());
        Assert.Equal(800UL, world.Throttle.BdiDirtyLimit(7200));
    }

    /// <summary>
    /// bdi_dirty_limit caps the share at the disk's max_ratio (100%) of the threshold: a fraction
    /// over one (a proportion that never decays) still gives the whole threshold and no more.
    /// </summary>
    [Fact]
    public void A_share_over_the_whole_threshold_is_capped_at_it()
    {
        var world = Booted(KernelEra.V2_6_36, Faults.None with { PropLocalNeverDecays = true });
        var file = world.AddFile(dirty: 200);
        world.StartWriteback(file, 200);
        world.RunAllPending();
        var (numerator, denominator) = world.Throttle.BdiWriteoutFraction();
        Assert.True(numerator > denominator * 2, $"{numerator} / {denominator}");

        Assert.Equal(990UL, world.Throttle.BdiDirtyLimit(990));
    }

    /// <summary>
    /// 2.6.20's page_writeback_init scales each ratio by the correction in integer percent and
    /// rounds down: 99/400 of memory low gives a correction of 99, so 40% becomes 39 and 10%
    /// becomes 9; with 5/1000 low (a correction of 2) both round to 0 and are raised to 1%.
    /// </summary>
    [Theory]
    [InlineData(400, 301, 39, 9)]
    [InlineData(1000, 995, 1, 1)]
    public void The_2_6_20_scaled_ratios_round_down_to_the_percent_and_never_below_one(int totalPages, int highPages, int dirtyRatio, int backgroundRatio)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = totalPages, TotalHighPages = highPages }, config: KernelConfig.Default with { Era = KernelEra.V2_6_20 });

        world.Throttle.PageWritebackInit();

        Assert.Equal((dirtyRatio, backgroundRatio), (world.Throttle.Sysctls.DirtyRatio, world.Throttle.Sysctls.DirtyBackgroundRatio));
    }

    /// <summary>
    /// 2.6.29's balance_dirty_pages in laptop mode starts background writeout on the way out
    /// only if the task wrote pages itself: a task whose pages were all under writeback waits
    /// for them and starts none; one that wrote a dirty page starts it.
    /// </summary>
    [Theory]
    [InlineData(0, new string[0])]
    [InlineData(1, new[] { "pdflush background_writeout" })]
    public void In_laptop_mode_a_2_6_29_task_starts_background_writeout_only_if_it_wrote(int dirty, string[] pending)
    {
        var world = new ThrottleWorld(sysctls: VmSysctls.V2_6_20Default with { LaptopMode = 500 }, config: new KernelConfig { Era = KernelEra.V2_6_29 });
        world.Throttle.PageWritebackInit();
        world.Runtime.RunPendingOnTimedSleep = true;
        var file = world.AddFile(dirty: 60 + dirty);
        world.StartWriteback(file, 60);

        world.Run(() => world.Throttle.BalanceDirtyPagesV2629(file.Mapping, 24));

        Assert.Equal(pending, world.PendingNames.Where(name => name.StartsWith("pdflush", StringComparison.Ordinal)));
    }

    /// <summary>bdi_stat_error: nr_cpu_ids x BDI_STAT_BATCH, the batch being 8 x (1 + ilog2(nr_cpu_ids)).</summary>
    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 32)]
    [InlineData(4, 96)]
    public void The_stat_error_is_the_per_cpu_batch_on_every_cpu(int cpus, long error)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, OnlineCpus = cpus });

        Assert.Equal(error, world.Throttle.StatError);
    }

    /// <summary>
    /// wb_start_background_writeback of a cgwb whose flusher is woken and not finished starts no
    /// second one; once the flusher has finished, the next wake-up starts it again. Its passes
    /// of MAX_WRITEBACK_PAGES (4 here) go on while the wb is over its background threshold: a
    /// pass that wrote all it was asked is followed by another.
    /// </summary>
    [Fact]
    public void A_cgwb_s_flusher_is_woken_once_until_it_finishes()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        var memcg = new MemCgroup("job", 10);
        var job = world.Kernel.CreateInode(0, world.Fs);
        memcg.Charge(job.Mapping);
        for (var index = 0; index < 6; index++)
        {
            world.Kernel.Filemap.AddCachedPage(job.Mapping, index, dirty: true);
        }

        var wb = world.Throttle.WbGetCreate(memcg)!;

        world.Throttle.WbStartBackgroundWriteback(wb);
        world.Throttle.WbStartBackgroundWriteback(wb);
        Assert.Equal(["flusher job"], world.PendingNames);

        world.RunAllPending();
        Assert.Equal(6, world.PagesSubmitted);
        world.Throttle.WbStartBackgroundWriteback(wb);
        Assert.Equal(["flusher job"], world.PendingNames);
    }

    /// <summary>
    /// node_dirty_limit gives a realtime task a quarter more (dirty + dirty / 4), and a machine
    /// may have a single memory node.
    /// </summary>
    [Fact]
    public void A_realtime_task_s_node_limit_is_a_quarter_more()
    {
        var world = new ThrottleWorld(new Machine { OnlineCpus = 2, TotalPages = 200, Nodes = 1 }, config: KernelConfig.Default with { Era = KernelEra.V6_9 });

        var normal = world.Throttle.NodeDirtyLimit(0, new TaskStruct { Comm = "writer" }).Limit;
        var realtime = world.Throttle.NodeDirtyLimit(0, new TaskStruct { Comm = "rt", RealTime = true }).Limit;

        Assert.InRange(normal, 12UL, ulong.MaxValue);
        Assert.Equal(normal + (normal / 4), realtime);
    }

    /// <summary>prop_descriptor_init starts the descriptor with no events, also one that had some.</summary>
    [Fact]
    public void Initialising_a_proportion_descriptor_clears_its_events()
    {
        var pd = new PropDescriptor();
        pd.PropDescriptorInit(3);
        var local = new PropLocal();
        for (var i = 0; i < 5; i++)
        {
            local.PropInc(pd, Faults.None);
        }

        Assert.Equal(5UL, pd.Events);

        pd.PropDescriptorInit(3);

        Assert.Equal(0UL, pd.Events);
    }

    /// <summary>
    /// 3.19's I/O-less balance_dirty_pages: after its pause a task starts counting its dirtied
    /// pages from zero (as IoLessRunningTests shows for the dtc loop of 4.x on).
    /// </summary>
    [Fact]
    public void After_its_pause_a_3_19_dirtier_counts_its_pages_from_zero()
    {
        var dd = new TaskStruct { Comm = "dd", Cpu = 0 };
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        world.Throttle.WritebackSetRatelimitIoLess();
        var file = world.Kernel.Open(world.AddFile(dirty: 14));
        world.Throttle.Bdi.DirtyRatelimit = 100; // a slow disk: 16 pages take a pause

        world.Run(
            async () =>
            {
                for (var index = 14; index < 30; index++)
                {
                    await world.Kernel.Filemap.GenericFileWriteIter(file, index);
                }
            },
            dd);

        Assert.Equal(1, world.Jiffies);
        Assert.Equal(0, world.Throttle.DirtiedBy(dd).NrDirtied);
    }

    /// <summary>
    /// global_dirty_limits before 4.13: a real-time task gets a quarter more of both thresholds
    /// (10,000 and 20,000 of 100,000 pages become 12,500 and 25,000).
    /// </summary>
    [Fact]
    public void Before_4_13_a_realtime_task_gets_a_quarter_more_of_both_thresholds()
    {
        var throttle = new PageWritebackThrottle(KernelEra.V3_19, Faults.None);
        var settings = new ThrottleSettings { DirtyRatio = 20, DirtyBackgroundRatio = 10 };

        var limits = throttle.GlobalDirtyLimits(new MemoryCounters { FileLru = 99_999 }, settings, new TaskStruct { Comm = "rt", RealTime = true }, 0);

        Assert.Equal(new GlobalDirtyThresholds(100_000, 12_500, 25_000), limits);
    }

    /// <summary>
    /// domain_dirty_limits of a memcg: a background ratio at or over the dirty one is halved
    /// (dirty_background_ratio 30 over dirty_ratio 20 gives half the dirty threshold), and a
    /// real-time task gets a quarter more of both plus a 32nd of the global limit.
    /// </summary>
    [Fact]
    public void A_memcg_s_background_threshold_is_clamped_to_half_and_boosted_for_a_realtime_task()
    {
        var throttle = new PageWritebackThrottle(KernelEra.V6_9, Faults.None);
        var settings = new ThrottleSettings { DirtyRatio = 20, DirtyBackgroundRatio = 30 };

        var normal = throttle.MemcgDomainDirtyLimits(100_000, 100_000, settings, new TaskStruct { Comm = "writer" }, 3200);
        var realtime = throttle.MemcgDomainDirtyLimits(100_000, 100_000, settings, new TaskStruct { Comm = "rt", RealTime = true }, 3200);

        // 20% is 819/4096 of 100,000 pages: 19,995; half of it 9,997.
        Assert.Equal(new GlobalDirtyThresholds(100_000, 9_997, 19_995), normal);
        Assert.Equal(new GlobalDirtyThresholds(100_000, 9_997 + 2_499 + 100, 19_995 + 4_998 + 100), realtime);
    }

    /// <summary>__wb_calc_thresh: a wb with half the completions gets half of a large threshold, to the page.</summary>
    [Fact]
    public void A_wb_with_half_the_completions_gets_half_the_threshold()
    {
        var throttle = new PageWritebackThrottle(KernelEra.V6_9, Faults.None);

        Assert.Equal(5_000UL, throttle.WbCalcThresh(new BdiWriteback { Numerator = 1, Denominator = 2 }, 10_000));
    }

    /// <summary>
    /// wb_min_pause (HZ 100, rounded up to 128): a disk writing 2^20 pages a second against a wb
    /// ratelimit of 1 aims at 1 + 20 x 1000 / 1024 = 20 jiffies, trimmed to 1 + max_pause / 2 = 6;
    /// at a dirty_ratelimit of 12,800 that is 600 pages. The task's pause for them is
    /// HZ x 600 / (task_ratelimit + 1): 4 jiffies at 12,799, fine (min_pause 1 + 6 / 2); 11 at
    /// 5,453, over max_pause, so it takes max_pause and the pages that fit in it (5,453 x 10 / 128).
    /// </summary>
    [Theory]
    [InlineData(12_799UL, 4L, 600)]
    [InlineData(5_453UL, 6L, 426)]
    public void The_minimum_pause_is_trimmed_to_half_the_maximum_and_its_pages_to_what_fits(ulong taskRatelimit, long minPause, int nrDirtiedPause)
    {
        var throttle = new PageWritebackThrottle(KernelEra.V6_9, Faults.None);

        var result = throttle.WbMinPause(new BdiWriteback { AvgWriteBandwidth = 1UL << 20 }, 1, 10, taskRatelimit, 12_800);

        Assert.Equal((minPause, nrDirtiedPause), result);
    }

    /// <summary>
    /// 2.6.20's balance_dirty_pages writes whatever dirty pages there are, even a single one,
    /// before it waits for the queue: 60 pages under writeback and 1 dirty are over the
    /// threshold of 40, and the task writes the dirty one itself.
    /// </summary>
    [Fact]
    public void A_2_6_20_task_over_the_threshold_writes_even_a_single_dirty_page()
    {
        var world = new ThrottleWorld();
        world.Runtime.RunPendingOnTimedSleep = true;
        var file = world.AddFile(dirty: 61);
        world.StartWriteback(file, 60);

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping));

        Assert.Equal(61, world.PagesSubmitted);
    }

    /// <summary>
    /// calc_period_shift: 2 + ilog2(dirty_total - 1). 81 pages of memory are 82 dirtyable (the
    /// + 1 of determine_dirtyable_memory), a dirty total of 40% = 32 pages (rounded down):
    /// 2 + ilog2(31) = 6.
    /// </summary>
    [Fact]
    public void The_proportions_period_shift_rounds_the_dirty_total_down()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 81 }, config: new KernelConfig { Era = KernelEra.V2_6_29 });

        Assert.Equal(6, world.Throttle.CalcPeriodShift());
    }

    /// <summary>
    /// 2.6.29's balance_dirty_pages clears the disk's dirty_exceeded on its way out when the
    /// disk's pages are under its share: a first task over the midpoint set it, then all 60
    /// pages were written (giving the disk a share), and the next task finds nothing dirty.
    /// </summary>
    [Fact]
    public void A_2_6_29_task_under_the_disk_s_share_clears_dirty_exceeded()
    {
        var world = Booted(KernelEra.V2_6_29);
        var file = world.AddFile(dirty: 60);
        world.Run(() => world.Throttle.BalanceDirtyPagesV2629(file.Mapping, 24));
        Assert.True(world.Throttle.DirtyExceeded);
        world.StartWriteback(file, 36);
        world.RunAllPending();

        world.Run(() => world.Throttle.BalanceDirtyPagesV2629(file.Mapping, 24));

        Assert.False(world.Throttle.DirtyExceeded);
    }

    /// <summary>
    /// global_dirty_limits before 4.13: a background ratio at or over the dirty one is halved
    /// (30% over 20% of 100,000 pages gives 10,000, half the dirty threshold).
    /// </summary>
    [Fact]
    public void Before_4_13_a_background_ratio_over_the_dirty_one_is_half_the_dirty_threshold()
    {
        var throttle = new PageWritebackThrottle(KernelEra.V3_19, Faults.None);
        var settings = new ThrottleSettings { DirtyRatio = 20, DirtyBackgroundRatio = 30 };

        var limits = throttle.GlobalDirtyLimits(new MemoryCounters { FileLru = 99_999 }, settings, new TaskStruct { Comm = "writer" }, 0);

        Assert.Equal(new GlobalDirtyThresholds(100_000, 10_000, 20_000), limits);
    }

    /// <summary>The settings default to the kernel's vm.dirty_ratio 20 and print a byte value instead of its ratio.</summary>
    [Fact]
    public void The_settings_default_to_a_dirty_ratio_of_20_and_print_bytes_when_set()
    {
        Assert.Equal("dirty_ratio 20, dirty_background_bytes 4096", new ThrottleSettings { DirtyBackgroundBytes = 4096 }.ToString());
    }

    private static ThrottleWorld Booted(KernelEra era, Faults? faults = null)
    {
        var world = new ThrottleWorld(faults: faults, config: new KernelConfig { Era = era });
        world.Throttle.PageWritebackInit();
        return world;
    }
}
