using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs.Classic;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// SCTBench's reorder_10_bad. Measured over 100,000 iterations (seed 1): random scheduling found
/// it 0 times (per-iteration probability below 3e-5 with 95% confidence), PCT with d = 3 found it
/// 90 times (about 1/1111 per iteration; 1/909 over seeds 1 to 8).
/// </summary>
public sealed class ReorderTests
{
    private static readonly Reorder Program = new(setters: 10);

    [Fact]
    public void Pct_finds_reorder_10_within_30000_iterations()
    {
        // Misses 30,000 iterations with probability (1 - 1/1111)^30000 = e^-27.
        var report = TestingEngine.Run(
            Program,
            TestingConfiguration.Default with { Strategy = "pct", PctDepth = 3, Iterations = 30_000, Seed = 7 });

        var trace = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.ModelAssertion, trace.Bug.Kind);
        Assert.Equal("reorder_check", trace.Bug.Source);
        Assert.Contains("saw a = 1 and b = 0", trace.Bug.Message);
        TraceFiles.AssertReplaysFromFile(Program, trace);
    }

    [Fact]
    public void Random_scheduling_almost_never_finds_reorder_10()
    {
        // With a per-iteration probability below 3e-5, 2,000 iterations find it with probability
        // below 6%; with this seed they do not.
        var report = TestingEngine.Run(
            Program,
            TestingConfiguration.Default with { Strategy = "random", Iterations = 2000, Seed = 7 });

        Assert.False(report.FoundBug);
        Assert.Equal(2000, report.Iterations);
    }
}
