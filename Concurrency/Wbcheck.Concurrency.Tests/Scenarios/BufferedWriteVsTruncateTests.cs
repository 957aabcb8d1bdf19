using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// write(2) against truncate: with the inode lock both take (every era) the search finds nothing;
/// a write that skips the lock loses a returned write inside the i_size it grew, and the
/// scenario's check says so with a short trace that replays.
/// </summary>
public sealed class BufferedWriteVsTruncateTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Iterations = 100_000 };

    private static RaceScenario Scenario(KernelEra era, Faults? faults = null) =>
        ScenarioCatalog.Create(BufferedWriteVsTruncate.ScenarioName, ScenarioOptions.Default with { Era = era, Small = true, Pages = 2, Faults = faults ?? Faults.None });

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void With_the_inode_lock_no_schedule_loses_a_write(KernelEra era)
    {
        var report = TestingEngine.Run(Scenario(era), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29, "mutex_lock(i_mutex)(1)")]
    [InlineData(KernelEra.V6_9, "inode_lock(1)")]
    public void Truncate_takes_the_inode_lock_the_era_had(KernelEra era, string label)
    {
        var report = TestingEngine.Run(Scenario(era, new Faults { WriteSkipsInodeLock = true }), Dfs);

        Assert.True(report.FoundBug, report.Summary());
        Assert.Contains(report.Bugs[0].Steps, s => s.ThreadName == "truncate" && s.Label.ToString() == label);
    }

    [Fact]
    public void A_write_without_the_inode_lock_is_lost_inside_the_file_it_grew()
    {
        var scenario = Scenario(KernelEra.V6_9, new Faults { WriteSkipsInodeLock = true });

        var report = TestingEngine.Run(scenario, Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, BufferedWriteVsTruncate.Invariant), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("write(2) and truncate of mapping of inode 1 left what no order of them leaves: i_size 2 pages, page 1 lost its write v1", found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found);
        Assert.True(minimized.Trace.Steps.Count <= found.Steps.Count);
        TraceFiles.AssertReplaysFromFile(scenario, minimized.Trace);
    }
}
