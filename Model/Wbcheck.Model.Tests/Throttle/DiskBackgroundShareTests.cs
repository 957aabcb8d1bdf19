using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// The flusher's per-disk background test (b00949aa2df9, "writeback: per-bdi background
/// threshold", 3.2): over_bground_thresh (3.x) and wb_over_bg_thresh (4.2 on) go on while the
/// disk's dirty pages are over its own share of the background threshold, with the machine under
/// it. A disk that has completed nothing has a share of 0 (fprop_fraction_percpu: 0 events of 0,
/// the fraction 0/1), so its first dirty page is over it. The rig: 100 pages, background
/// threshold 10, passes of 4 pages; 9 dirty pages, under the machine's threshold.
/// </summary>
public sealed class DiskBackgroundShareTests
{
    private static ThrottleWorld World(KernelEra era, Faults? faults = null)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, faults: faults, config: KernelConfig.Default with { Era = era });
        world.Kernel.Observers.Add(new BackgroundWriteoutMonitor(world.Kernel));
        return world;
    }

    public static TheoryData<KernelEra> ErasWithTheTest => [KernelEra.V3_19, KernelEra.V4_13, KernelEra.V4_20, KernelEra.V6_9, KernelEra.V6_10];

    [Theory]
    [MemberData(nameof(ErasWithTheTest))]
    public void From_3_2_background_writeout_writes_a_disk_that_has_completed_nothing_under_the_machine_s_threshold(KernelEra era)
    {
        var world = World(era);
        world.AddFile(dirty: 9);

        var overBefore = world.Throttle.OverBgroundThresh();
        world.Run(() => world.Throttle.BackgroundWriteout(0));

        // No completion runs between the passes (the sequential executor runs them when a
        // thread blocks, and the loop does not), so the share stays 0 and each pass finds the
        // disk over it: all 9 pages written. Completed in between, they would have given the
        // disk every completion, a share of 1, and the loop would stop under 10.
        Assert.Equal((true, 9, 0L), (overBefore, world.PagesSubmitted, world.Vmstat.NrFileDirty));
    }

    [Theory]
    [MemberData(nameof(ErasWithTheTest))]
    public void A_disk_that_has_completed_pages_is_held_to_its_share_the_whole_threshold(KernelEra era)
    {
        var world = World(era).DiskHasWritten();
        world.AddFile(dirty: 9);

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        Assert.Equal((false, 0), (world.Throttle.OverBgroundThresh(), world.PagesSubmitted));
    }

    /// <summary>
    /// The model's own boot state for a scenario (sync-vs-background-b-io, docs/eras.md section
    /// 103): <see cref="DirtyThrottle.DiskHasWritten"/> holds the flusher to the machine's
    /// threshold as the rig's does. Without it the same 9 pages are over a share of 0.
    /// </summary>
    [Theory]
    [MemberData(nameof(ErasWithTheTest))]
    public void The_model_s_disk_that_has_written_before_boot_is_held_to_the_whole_threshold(KernelEra era)
    {
        var fresh = World(era);
        fresh.AddFile(dirty: 9);
        var written = World(era);
        written.Throttle.DiskHasWritten();
        written.AddFile(dirty: 9);

        written.Run(() => written.Throttle.BackgroundWriteout(0));

        Assert.Equal((true, false, 0), (fresh.Throttle.OverBgroundThresh(), written.Throttle.OverBgroundThresh(), written.PagesSubmitted));
    }

    /// <summary>Before 3.19 the model's eras count no NR_DIRTIED or NR_WRITTEN: the boot state changes nothing.</summary>
    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_3_19_a_disk_that_has_written_before_boot_counts_nothing(KernelEra era)
    {
        var world = World(era);

        world.Throttle.DiskHasWritten();

        Assert.Equal((0L, 0L), (world.Vmstat.NrDirtied, world.Vmstat.NrWritten));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_3_2_the_machine_s_threshold_alone_decides(KernelEra era)
    {
        var world = World(era);
        world.AddFile(dirty: 9);

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        Assert.Equal((false, 0), (world.Throttle.OverBgroundThresh(), world.PagesSubmitted));
    }

    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_flusher_that_ignores_the_disk_s_share_leaves_it_dirty(KernelEra era)
    {
        var world = World(era, Faults.None with { FlusherIgnoresDiskBackgroundShare = true });
        world.AddFile(dirty: 9);

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        Assert.Equal((false, true, 0), (world.Throttle.OverBgroundThresh(), BackgroundWritebackOwed.Now(world.Kernel), world.PagesSubmitted));
    }

    /// <summary>
    /// The per-disk test made too generous: it counts the disk's pages under writeback with its
    /// dirty ones. The disk has written (a share of 1, the whole threshold of 10); 14 dirty
    /// pages: the first pass writes 4, which stay under writeback (no completion runs between
    /// passes on the sequential executor), and the fault counts 10 + 4 over 10. The monitor
    /// counts for itself (<see cref="BackgroundWritebackOwed"/>) and sees a pass nothing owed;
    /// asking the flusher's own test, as it did before, it agreed with the fault.
    /// </summary>
    [Theory]
    [MemberData(nameof(ErasWithTheTest))]
    public void A_per_disk_test_made_too_generous_is_caught_by_the_monitor_s_own_count(KernelEra era)
    {
        var world = World(era, Faults.None with { FlusherDiskBackgroundTestCountsWriteback = true }).DiskHasWritten();
        world.AddFile(dirty: 14);

        var violation = Assert.Throws<InvariantViolationException>(() => world.Run(() => world.Throttle.BackgroundWriteout(0)));

        Assert.Equal(BackgroundWriteoutMonitor.Name, violation.Invariant);
        Assert.EndsWith("began another pass with 10 dirty and unstable page(s), not over its threshold of 10, and the disk's not over its share (1 of 1 completion(s))", violation.Message);
    }

    [Theory]
    [MemberData(nameof(ErasWithTheTest))]
    public void Without_the_fault_the_pass_stops_at_the_share(KernelEra era)
    {
        var world = World(era).DiskHasWritten();
        world.AddFile(dirty: 14);

        world.Run(() => world.Throttle.BackgroundWriteout(0));

        Assert.Equal((4, 10L), (world.PagesSubmitted, world.Vmstat.NrFileDirty));
    }
}
