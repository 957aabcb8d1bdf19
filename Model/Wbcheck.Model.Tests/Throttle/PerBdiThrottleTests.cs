using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The per-device throttle the 2.6.29 and 2.6.36 eras run: the floating proportions of writeout
/// completions and of dirtying (lib/proportions.c), the disk's and the task's share of the
/// threshold, and each era's balance_dirty_pages. 100 pages of memory: dirty threshold 40,
/// background 10, ratelimit 16, write chunk 24, and a proportion period of 64 events
/// (period/2 = 2^(2 + ilog2(39) - 1)).
/// </summary>
public sealed class PerBdiThrottleTests
{
    private static ThrottleWorld Booted(KernelEra era, Faults? faults = null)
    {
        var world = new ThrottleWorld(faults: faults, config: new KernelConfig { Era = era });
        world.Throttle.PageWritebackInit();
        return world;
    }

    [Fact]
    public void The_proportions_period_follows_the_dirty_threshold()
    {
        var world = Booted(KernelEra.V2_6_29);

        Assert.Equal(7, world.Throttle.CalcPeriodShift());
        Assert.Equal(64UL, world.Throttle.VmCompletions.Period2);
        Assert.Equal(64UL, world.Throttle.VmDirties.Period2);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_any_completion_the_disk_s_share_is_zero_and_it_ramps_up_with_its_completions(KernelEra era)
    {
        var world = Booted(era);

        Assert.Equal((0UL, 64UL), world.Throttle.BdiWriteoutFraction());
        Assert.Equal(0UL, world.Throttle.BdiDirtyLimit(40));

        var file = world.AddFile(dirty: 8);
        world.StartWriteback(file, 8);
        world.RunAllPending();

        // x / (period/2 + t mod period/2): the only disk has 8 / 72 of the threshold, not all of it.
        Assert.Equal((8UL, 72UL), world.Throttle.BdiWriteoutFraction());
        Assert.Equal(4UL, world.Throttle.BdiDirtyLimit(40));
    }

    [Fact]
    public void Each_period_that_passes_halves_a_local_s_count_when_it_is_next_looked_at()
    {
        var pd = new PropDescriptor();
        pd.PropDescriptorInit(3);
        var local = new PropLocal();
        for (var i = 0; i < 4; i++)
        {
            local.PropInc(pd, Faults.None);
        }

        Assert.Equal((2UL, 4UL), local.PropFraction(pd, Faults.None));
        for (var i = 0; i < 4; i++)
        {
            local.PropInc(pd, Faults.None);
        }

        Assert.Equal((3UL, 4UL), local.PropFraction(pd, Faults.None));
    }

    [Fact]
    public void A_proportion_that_never_decays_claims_more_than_all_events()
    {
        var pd = new PropDescriptor();
        pd.PropDescriptorInit(3);
        var local = new PropLocal();
        var faults = Faults.None with { PropLocalNeverDecays = true };
        for (var i = 0; i < 8; i++)
        {
            local.PropInc(pd, faults);
        }

        var (numerator, denominator) = local.PropFraction(pd, faults);
        Assert.True(numerator > denominator, $"{numerator} / {denominator}");
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void A_heavy_dirtier_gets_up_to_an_eighth_less_than_a_light_one(KernelEra era)
    {
        var world = Booted(era);
        var heavy = new TaskStruct { Comm = "heavy" };
        var light = new TaskStruct { Comm = "light" };
        var file = world.Kernel.Open(world.Kernel.CreateInode(0, world.Fs));
        world.Run(
            async () =>
            {
                for (var index = 0; index < 64; index++)
                {
                    await world.Kernel.Filemap.GenericPerformWrite(file, index);
                }
            },
            heavy);

        // 64 dirtyings: one period passed, so the heavy task's 64 are halved to 32 of 64.
        Assert.Equal((32UL, 64UL), world.Throttle.TaskDirtiesFraction(heavy));
        Assert.Equal(38UL, world.Throttle.TaskDirtyLimit(heavy, 40));
        Assert.Equal(40UL, world.Throttle.TaskDirtyLimit(light, 40));
    }

    [Fact]
    public void The_2_6_29_clip_keeps_the_share_within_what_the_threshold_has_left()
    {
        var world = Booted(KernelEra.V2_6_29);
        world.AddFile(dirty: 30);

        // One disk: the threshold's room left (40 - 30) plus the disk's own 30 is the threshold.
        Assert.Equal(40UL, world.Throttle.ClipBdiDirtyLimit(40, 45));
        Assert.Equal(12UL, world.Throttle.ClipBdiDirtyLimit(40, 12));
    }

    [Fact]
    public void The_2_6_29_clip_leaves_no_room_once_the_threshold_is_used_up()
    {
        // clip_bdi_dirty_limit: "avail_dirty = dirty - (NR_FILE_DIRTY + NR_WRITEBACK + ...);
        // if (avail_dirty < 0) avail_dirty = 0;" then the disk's own pages added [R]. With 40
        // dirty pages at a threshold of 40 no room is left: the disk keeps its own 40, whatever
        // share it earned. (The model's one caller passes a share no larger than the threshold,
        // so only a direct call shows it.)
        var world = Booted(KernelEra.V2_6_29);
        world.AddFile(dirty: 40);

        Assert.Equal(40UL, world.Throttle.ClipBdiDirtyLimit(40, 45));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void Over_the_midpoint_with_no_completion_yet_the_task_writes_a_chunk_itself(KernelEra era)
    {
        var world = Booted(era);
        var file = world.AddFile(dirty: 60);

        world.Run(() => era == KernelEra.V2_6_29 ? world.Throttle.BalanceDirtyPagesV2629(file.Mapping, 24) : world.Throttle.BalanceDirtyPagesV2636(file.Mapping, 24));

        Assert.Equal(24, world.PagesSubmitted);
        Assert.True(world.Throttle.DirtyExceeded);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29, 24, 0)]
    [InlineData(KernelEra.V2_6_29, 25, 24)]
    [InlineData(KernelEra.V2_6_36, 24, 0)]
    [InlineData(KernelEra.V2_6_36, 25, 24)]
    public void At_the_midpoint_of_the_thresholds_both_per_device_eras_throttle(KernelEra era, int dirty, int written)
    {
        // (10 + 40) / 2 = 25: both eras go on only under it (2.6.37's 4cbec4c8b9 made it "at
        // or under"). The disk's share is still 0, so only the midpoint lets a task go on.
        var world = Booted(era);
        var file = world.AddFile(dirty: dirty);

        world.Run(() => era == KernelEra.V2_6_29 ? world.Throttle.BalanceDirtyPagesV2629(file.Mapping, 24) : world.Throttle.BalanceDirtyPagesV2636(file.Mapping, 24));

        Assert.Equal(written, world.PagesSubmitted);
    }

    [Fact]
    public void A_2_6_36_task_exactly_at_its_share_is_over_it_and_sleeps()
    {
        // 2.6.36's dirty_exceeded is bdi dirty + writeback >= bdi_thresh (> from 2.6.37's
        // 4cbec4c8b9). 120 completions give the disk a share; then 49 pages under writeback
        // are exactly the writer's share of the threshold (the file's 169 pages make dirtyable
        // memory 170: dirty 68, background 17, midpoint 42). Nothing is left to write, so the
        // task sleeps a jiffy (its I/O completes meanwhile) rather than going on at once.
        var world = Booted(KernelEra.V2_6_36);
        world.Runtime.RunPendingOnTimedSleep = true;
        var file = world.AddFile(dirty: 120 + 49);
        world.StartWriteback(file, 120);
        world.RunAllPending();
        world.StartWriteback(file, 49);
        var writer = new TaskStruct { Comm = "writer" };
        var global = world.Throttle.GlobalDirtyLimitsNow(writer);
        Assert.Equal((68UL, 17UL), (global.Dirty, global.Background));
        Assert.Equal(49UL, world.Throttle.TaskDirtyLimit(writer, world.Throttle.BdiDirtyLimit(global.Dirty)));
        var before = world.Jiffies;

        world.Run(() => world.Throttle.BalanceDirtyPagesV2636(file.Mapping, 24), writer);

        Assert.Equal(before + 1, world.Jiffies);
        Assert.Equal(0, world.Vmstat.NrWriteback);
    }

    [Fact]
    public void A_2_6_29_task_over_its_share_writes_its_disk_s_few_dirty_pages_itself()
    {
        // 2.6.29 writes a chunk for any dirty page of the disk (if (bdi_nr_reclaimable)); only
        // 2.6.31's d7831a0bdf06 waited instead while the dirty pages alone were under the share.
        // 120 completions give the disk a share; then 45 pages under writeback and 5 dirty are
        // over it, and over the midpoint, with the dirty ones alone far under it.
        var world = Booted(KernelEra.V2_6_29);
        world.Runtime.RunPendingOnTimedSleep = true;
        var file = world.AddFile(dirty: 120 + 50);
        world.StartWriteback(file, 120);
        world.RunAllPending();
        world.StartWriteback(file, 45);
        var writer = new TaskStruct { Comm = "writer" };
        var (global, bdiThresh) = world.Throttle.GetDirtyLimitsBdi(writer);
        Assert.InRange(bdiThresh, 5UL, 49UL);
        Assert.True(50UL >= (global.Background + global.Dirty) / 2, $"{global.Background} {global.Dirty}");
        var submitted = world.PagesSubmitted;

        world.Run(() => world.Throttle.BalanceDirtyPagesV2629(file.Mapping, 24), writer);

        Assert.Equal(submitted + 5, world.PagesSubmitted);
    }

    [Fact]
    public void With_its_pages_all_under_writeback_a_2_6_36_task_sleeps_a_jiffy_instead_of_writing()
    {
        var world = Booted(KernelEra.V2_6_36);
        world.Runtime.RunPendingOnTimedSleep = true;
        var file = world.AddFile(dirty: 60);
        world.StartWriteback(file, 60);
        var submitted = world.PagesSubmitted;
        var before = world.Jiffies;

        world.Run(() => world.Throttle.BalanceDirtyPagesV2636(file.Mapping, 24));

        // Nothing to write: it sleeps 1 jiffy (io_schedule_timeout), the I/O completes meanwhile
        // (the sequential executor runs the pending completions during a timed sleep), and it goes on.
        Assert.Equal(submitted, world.PagesSubmitted);
        Assert.Equal(before + 1, world.Jiffies);
        Assert.Equal(0, world.Vmstat.NrWriteback);
    }

    [Fact]
    public void The_2_6_36_chunk_is_half_as_much_again_as_the_pages_dirtied_and_at_least_as_the_ratelimit()
    {
        var world = Booted(KernelEra.V2_6_36);

        Assert.Equal(24, world.Throttle.SyncWritebackPages(8));
        Assert.Equal(48, world.Throttle.SyncWritebackPages(32));
    }
}
