using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios.Throttle;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Throttle;

/// <summary>
/// The dirty-throttle scenario on the eras after 2.6.20, each with its own throttle: 2.6.29 and
/// 2.6.36 run the per-device balance_dirty_pages of 2.6.24 (the disk's share of the threshold
/// by its floating proportion of completions, lowered for a heavy dirtier; a task writes a chunk
/// itself when the disk's dirty pages are over its share), 2.6.29's with clip_bdi_dirty_limit
/// and congestion_wait, 2.6.36's testing the midpoint first and sleeping 1, 2, 4 .. HZ/10
/// jiffies; from 3.19 the dirtiers run the I/O-less balance_dirty_pages, pausing on the model's
/// clock while the flusher writes. The era rows:
/// <code>
/// era          throttle                           result
/// 2.6.29       per-device, get_dirty_limits       holds
/// 2.6.36       per-device, global_dirty_limits +  holds
///              bdi_dirty_limit
/// 3.19         I/O-less, bdi_*                    bdi_update_dirty_ratelimit shifts by 64 or more
///                                                 (undefined; fixed in 4.6)
/// 4.13 - 6.9   I/O-less, wb_*                     holds
/// </code>
/// Seeds are fixed, so each run is deterministic.
/// </summary>
public sealed class DirtyThrottleErasTests
{
    private static TestingConfiguration Config(int iterations) => TestingConfiguration.Default with
    {
        Strategy = "random",
        Seed = 1,
        Iterations = iterations,
        MaxSteps = 20_000,
        LivenessBound = 2_000,
    };

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void The_throttle_keeps_its_promises_on_the_era(KernelEra era)
    {
        var report = TestingEngine.Run(new DirtyThrottleScenario(era: era), Config(30));

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(30, report.Iterations);
    }

    [Fact]
    public void On_3_19_the_running_throttle_meets_the_undefined_shift_of_its_ratelimit_estimate()
    {
        var program = new DirtyThrottleScenario(era: KernelEra.V3_19);

        var trace = FindAndMinimize(program, Config(5), BugKind.KernelArithmetic, "bdi_update_dirty_ratelimit");

        Assert.Contains("bdi_update_dirty_ratelimit: shift out of bounds: dirty_ratelimit / (2 * step + 1) = ", trace.Bug.Message);
    }

    [Fact]
    public void A_dirtier_that_never_pauses_overshoots_the_hard_limit()
    {
        var program = new DirtyThrottleScenario(era: KernelEra.V6_9, faults: Faults.None with { DirtierNeverPauses = true });

        var trace = FindAndMinimize(program, Config(20), BugKind.SafetyMonitor, DirtyOvershoot.Name);

        Assert.Contains("exceed the hard dirty limit", trace.Bug.Message);
    }

    /// <summary>Find the bug, check it, minimize its trace, and check both traces replay to exactly it.</summary>
    private static Traces.BugTrace FindAndMinimize(DirtyThrottleScenario program, TestingConfiguration configuration, BugKind kind, string? source)
    {
        var report = TestingEngine.Run(program, configuration);
        Assert.True(report.FoundBug, report.Summary());
        var found = Assert.Single(report.Bugs);
        Assert.Equal(kind, found.Bug.Kind);
        if (source is not null)
        {
            Assert.Equal(source, found.Bug.Source);
        }

        TraceFiles.AssertReplaysFromFile(program, found);
        var minimized = TestingEngine.Minimize(program, found).Trace;
        Assert.True(minimized.Bug.IsSameBugAs(found.Bug), $"{minimized.Bug} is not {found.Bug}");
        Assert.True(minimized.Steps.Count <= found.Steps.Count);
        TraceFiles.AssertReplaysFromFile(program, minimized);
        return minimized;
    }
}
