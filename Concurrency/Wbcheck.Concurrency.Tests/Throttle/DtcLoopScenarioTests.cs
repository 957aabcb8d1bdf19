using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Scenarios.Throttle;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Throttle;

/// <summary>
/// The 6.9 era's running throttle in the race scenarios: io_uring's nowait buffered writes
/// (BDP_ASYNC) hold their promises, a throttle that ignores BDP_ASYNC is caught sleeping in one,
/// and two dirtiers that estimate the bandwidth in one jiffy divide by zero unless elapsed is
/// clamped (the state of 45a2966fd641 before its fixup). Seeds are fixed, so each run is
/// deterministic.
/// </summary>
public sealed class DtcLoopScenarioTests
{
    private static TestingConfiguration Config(int iterations) => TestingConfiguration.Default with
    {
        Strategy = "random",
        Seed = 1,
        Iterations = iterations,
        MaxSteps = 20_000,
        LivenessBound = 2_000,
    };

    private static readonly TestingConfiguration Pct = TestingConfiguration.Default with { Strategy = "pct", PctDepth = 2, Seed = 1, Iterations = 2_000 };

    [Fact]
    public void Nowait_writes_and_their_blocking_retries_keep_the_throttles_promises_on_6_9()
    {
        var report = TestingEngine.Run(new NowaitDirtyThrottleScenario(), Config(20));

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(20, report.Iterations);
    }

    [Fact]
    public void A_throttle_that_ignores_BDP_ASYNC_is_caught_sleeping_in_a_nowait_write()
    {
        var program = new NowaitDirtyThrottleScenario(faults: Faults.None with { BdpAsyncIgnored = true });

        var trace = FindAndMinimize(program, Config(10), BugKind.ModelAssertion);

        Assert.Contains("io_schedule_timeout", trace.Bug.Message);
        Assert.Contains("IOCB_NOWAIT", trace.Bug.Message);
    }

    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void Two_dirtiers_estimating_together_hold_under_pct(KernelEra era)
    {
        var report = TestingEngine.Run(new BandwidthEstimateRaceScenario(era: era), Pct);

        Assert.False(report.FoundBug, report.Summary());
    }

    [Fact]
    public void Two_dirtiers_estimating_in_one_jiffy_divide_by_zero_without_the_clamp()
    {
        var program = new BandwidthEstimateRaceScenario(faults: Faults.None with { BandwidthElapsedNotClamped = true });

        var trace = FindAndMinimize(program, Pct, BugKind.KernelArithmetic);

        Assert.Contains("wb_update_dirty_ratelimit", trace.Bug.Message);
        Assert.Contains("elapsed", trace.Bug.Message);
    }

    /// <summary>Find the bug, check it, minimize its trace, and check both traces replay to exactly it.</summary>
    private static Traces.BugTrace FindAndMinimize(ITestProgram program, TestingConfiguration configuration, BugKind kind)
    {
        var report = TestingEngine.Run(program, configuration);
        Assert.True(report.FoundBug, report.Summary());
        var found = Assert.Single(report.Bugs);
        Assert.Equal(kind, found.Bug.Kind);
        TraceFiles.AssertReplaysFromFile(program, found);
        var minimized = TestingEngine.Minimize(program, found).Trace;
        Assert.True(minimized.Bug.IsSameBugAs(found.Bug), $"{minimized.Bug} is not {found.Bug}");
        // The minimizer's order: fewer preemptions, even in more steps; else as many in no more.
        Assert.True(
            minimized.Preemptions < found.Preemptions || (minimized.Preemptions == found.Preemptions && minimized.Steps.Count <= found.Steps.Count),
            $"{found.Steps.Count} steps, {found.Preemptions} preemptions -> {minimized.Steps.Count}, {minimized.Preemptions}");
        TraceFiles.AssertReplaysFromFile(program, minimized);
        return minimized;
    }
}
