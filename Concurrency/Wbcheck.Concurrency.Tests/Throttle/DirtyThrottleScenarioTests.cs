using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios.Throttle;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Throttle;

/// <summary>
/// Two dirtiers on two CPUs and the background flusher, over 2.6.20's writeback: the throttle's
/// promises hold on every schedule explored, and each check is seen to catch the bug it exists
/// for, with a trace that replays from its file and minimizes to the same bug. Seeds are fixed,
/// so each run is deterministic; the odds are what another seed would risk. Per-iteration
/// detection rates, measured over 200 iterations (seed 1):
/// <code>
/// fault                            check                        random  pct d=3  budget
/// BalanceCountsUnwrittenPages      dirty overshoot bound        0.75    0.20     20 random
/// BackgroundWriteoutUntilClean     background stops under it    0.42    0.88     40 random
/// BalanceOnlyWaits (laptop mode)   a dirtier leaves throttling  1       0.36     3 random
/// </code>
/// e.g. random misses the overshoot in 20 iterations with probability 0.25^20 = 1e-12, and the
/// background fault in 40 with 0.58^40 = 4e-10 (random rather than PCT: PCT's first trace of it
/// takes minimization over a thousand runs, random's about a hundred). The livelock needs no luck: in laptop mode with
/// kupdate off nothing but the dirtiers writes, so once over the limit they wait forever.
/// </summary>
public sealed class DirtyThrottleScenarioTests
{
    private static TestingConfiguration Config(string strategy, int iterations) => TestingConfiguration.Default with
    {
        Strategy = strategy,
        Seed = 1,
        Iterations = iterations,
        MaxSteps = 20_000,
        LivenessBound = 2_000,
    };

    [Theory]
    [InlineData("random")]
    [InlineData("pct")]
    public void The_throttle_keeps_its_promises_on_every_schedule_explored(string strategy)
    {
        var iterations = strategy == "pct" ? 100 : 200;

        var report = TestingEngine.Run(new DirtyThrottleScenario(), Config(strategy, iterations));

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(iterations, report.Iterations);
    }

    [Fact]
    public void Laptop_mode_keeps_them_too()
    {
        var report = TestingEngine.Run(new DirtyThrottleScenario(laptopMode: true), Config("random", 100));

        Assert.False(report.FoundBug, report.Summary());
    }

    [Fact]
    public void A_throttle_that_counts_unwritten_pages_as_written_overshoots_the_promised_bound()
    {
        var program = new DirtyThrottleScenario(faults: Faults.None with { BalanceCountsUnwrittenPages = true });

        var trace = FindAndMinimize(program, Config("random", 20), BugKind.SafetyMonitor, DirtyOvershoot.Name);

        Assert.EndsWith("73 dirty and unstable page(s) exceed the dirty threshold 40 by 33, more than 2 CPU(s) x ratelimit_pages 16 = 32", trace.Bug.Message);
    }

    [Fact]
    public void Background_writeout_that_goes_on_under_its_threshold_is_caught()
    {
        var program = new DirtyThrottleScenario(faults: Faults.None with { BackgroundWriteoutUntilClean = true });

        var trace = FindAndMinimize(program, Config("random", 40), BugKind.SafetyMonitor, BackgroundWriteoutMonitor.Name);

        Assert.Contains("pdflush background_writeout", trace.Bug.Message);
        Assert.Contains("under its threshold of 10", trace.Bug.Message);
    }

    [Fact]
    public void A_throttled_dirtier_that_only_waits_never_leaves_and_is_reported_as_a_livelock()
    {
        // Laptop mode wakes pdflush only for a dirtier that wrote, and kupdate is off: nobody writes.
        var program = new DirtyThrottleScenario(kupdate: false, laptopMode: true, faults: Faults.None with { BalanceOnlyWaits = true });

        // Every schedule livelocks, so a short bound suffices and keeps minimizing quick.
        var trace = FindAndMinimize(program, Config("random", 3) with { LivenessBound = 500 }, BugKind.Livelock, null);

        Assert.Matches("liveness monitor 'dirtier [01] leaves balance_dirty_pages' stayed hot for 501 steps", trace.Bug.Message);
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
