using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Tests.Programs;

namespace Wbcheck.Concurrency.Tests;

/// <summary>Programs without the bug: no strategy may report one (the detectors do not cry wolf).</summary>
public sealed class CorrectProgramTests
{
    [Theory]
    [InlineData("random")]
    [InlineData("pct")]
    [InlineData("dfs")]
    public void The_locked_counter_has_no_bug(string strategy)
    {
        var report = TestingEngine.Run(
            new LockedCounter(threads: 3),
            TestingConfiguration.Default with { Strategy = strategy, Iterations = 2000, Seed = 3 });

        Assert.False(report.FoundBug, report.Summary());
    }

    [Theory]
    [InlineData("random")]
    [InlineData("pct")]
    [InlineData("dfs")]
    public void Fsync_that_snapshots_the_end_returns_under_fair_scheduling(string strategy)
    {
        // After at most 100 unfair steps the writer is at most 204 pages ahead when fsync snapshots the
        // end; under fair random scheduling fsync then needs about 400 steps, well within the bound.
        var report = TestingEngine.Run(
            new AppendLivelock(snapshotEnd: true),
            TestingConfiguration.Default with
            {
                Strategy = strategy,
                Iterations = 50,
                Seed = 3,
                MaxSteps = 1500,
                MaxUnfairSteps = 100,
                LivenessBound = 1000,
            });

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(50, report.Iterations);
    }
}
