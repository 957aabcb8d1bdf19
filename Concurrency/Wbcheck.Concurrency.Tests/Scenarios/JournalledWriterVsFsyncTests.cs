using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Scenarios.Zones;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// journalled-writer-vs-fsync: a writer that allocates its page under its filesystem's journal
/// handle. With GFP_NOFS (or the 4.12 scope) its direct reclaim stays out of the filesystem and the
/// cells hold (the matrix proves them; the era-table tests too). A filesystem that forgets
/// (<see cref="Faults.FsAllocatesWithGfpKernel"/>), or a direct reclaim that drops the mask
/// (<see cref="Faults.DirectReclaimIgnoresGfp"/>), deadlocks on 2.6.36, where direct reclaim wrote
/// filesystem pages: pageout's -&gt;writepage waits for the writer's own handle. On 2.6.29 the
/// forgetful writer is OOM-killed at its first stall instead, before the zones' deferred scan
/// counts come due (JournalledWriteBeginTests), which the scenario reports; from 3.2 direct reclaim writes no filesystem
/// page, and the forgetful filesystem holds.
/// </summary>
public sealed class JournalledWriterVsFsyncTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with
    {
        Strategy = "dfs",
        PreemptionBound = 2,
        Iterations = 100_000,
    };

    private static RaceScenario Scenario(KernelEra era, Faults faults, bool small = true) =>
        ScenarioCatalog.Create(JournalledWriterVsFsync.ScenarioName, ScenarioOptions.Default with { Era = era, Small = small, Faults = faults });

    [Theory]
    [InlineData(KernelEra.V2_6_36, false)]
    [InlineData(KernelEra.V2_6_36, true)]
    public void A_filesystem_that_allocates_with_gfp_kernel_under_its_handle_deadlocks_in_its_own_writepage(KernelEra era, bool small)
    {
        AssertWriterWaitsForItsOwnHandle(Scenario(era, new Faults { FsAllocatesWithGfpKernel = true }, small));
    }

    [Fact]
    public void Direct_reclaim_that_drops_the_allocation_s_mask_deadlocks_the_same_way()
    {
        AssertWriterWaitsForItsOwnHandle(Scenario(KernelEra.V2_6_36, new Faults { DirectReclaimIgnoresGfp = true }));
    }

    /// <summary>
    /// The inode cache's shrinker without its __GFP_FS gate evicts the unused inode from the
    /// writer's reclaim, and the eviction's handle waits for the writer's: from 3.12's count, also
    /// after 3.2, where direct reclaim writes no page (this is the way into the filesystem left).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_shrinker_that_ignores_gfp_nofs_deadlocks_evicting_an_inode_under_the_writer_s_handle(KernelEra era)
    {
        AssertWriterWaitsForItsOwnHandle(Scenario(era, new Faults { ShrinkerIgnoresGfpFs = true }));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    public void With_gfp_nofs_no_schedule_of_the_small_form_finds_a_bug(KernelEra era)
    {
        var report = TestingEngine.Run(Scenario(era, Faults.None), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    /// <summary>
    /// To 3.11 the inode cache's count is (nr_unused / 100) * pressure, none for the scenario's
    /// one unused inode: the shrinker is never asked to scan, and a missing gate is not reached
    /// (branch reclaim23's model scanned every unused inode and found a deadlock here that the
    /// kernel's count does not reach).
    /// </summary>
    [Fact]
    public void On_2_6_29_the_shrinker_is_never_asked_to_scan_the_one_unused_inode()
    {
        var report = TestingEngine.Run(Scenario(KernelEra.V2_6_29, new Faults { ShrinkerIgnoresGfpFs = true }), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    /// <summary>
    /// On 2.6.29 the forgetful filesystem's writer is OOM-killed at its first stall again (section
    /// 76's row): the shrinker that reclaim23's model had evict the inode first has no count there.
    /// </summary>
    [Fact]
    public void On_2_6_29_the_forgetful_filesystem_s_writer_is_oom_killed_not_deadlocked()
    {
        var report = TestingEngine.Run(Scenario(KernelEra.V2_6_29, new Faults { FsAllocatesWithGfpKernel = true }), Dfs);

        Assert.True(report.FoundBug, report.Summary());
        Assert.Equal(BugKind.SafetyMonitor, report.Bugs[0].Bug.Kind);
        Assert.Contains("OOM", report.Bugs[0].Bug.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// From 3.2 direct reclaim writes no filesystem page, but the forgetful filesystem's GFP_KERNEL
    /// allocation still passes the inode cache's shrinker, whose 3.12-on count asks for the one
    /// unused inode, evicted under the writer's handle (held before branch reclaim23, when the
    /// model had no shrinker).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void The_forgetful_filesystem_deadlocks_through_the_inode_shrinker_where_reclaim_writes_no_page(KernelEra era)
    {
        AssertWriterWaitsForItsOwnHandle(Scenario(era, new Faults { FsAllocatesWithGfpKernel = true }));
    }

    [Fact]
    public void The_scenario_does_not_apply_before_write_begin()
    {
        var refused = Assert.Throws<ArgumentException>(() => Scenario(KernelEra.V2_6_20, Faults.None));

        Assert.Contains("2.6.24", refused.Message, StringComparison.Ordinal);
    }

    private static void AssertWriterWaitsForItsOwnHandle(RaceScenario scenario)
    {
        var report = TestingEngine.Run(scenario, Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal(BugKind.Deadlock, found.Bug.Kind);
        Assert.Contains("journal handle", found.Bug.Message, StringComparison.Ordinal);
        Assert.Contains("writer", found.Bug.Message, StringComparison.Ordinal);
        var minimized = TestingEngine.Minimize(scenario, found);
        Assert.True(minimized.Trace.Steps.Count <= found.Steps.Count);
        TraceFiles.AssertReplaysFromFile(scenario, minimized.Trace);
    }
}
