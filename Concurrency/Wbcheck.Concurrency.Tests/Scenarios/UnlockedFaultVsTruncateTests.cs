using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// A fault through a shared mapping on a page that truncate removes (docs/page-tables.md,
/// "The fault's page lock"). Before d00806b18315 (2.6.23) the fault held no page lock: 2.6.20's
/// do_no_page sees under the pte lock that unmap_mapping_range ran (truncate_count) and looks
/// again, finding nothing past the new EOF; 2.5.31's maps the page it found though truncate has
/// taken it out of the file, and a store would land in a page of no file. From 2.6.29 the page lock
/// keeps them apart. Explored exhaustively here, beyond the era table's row (fault-vs-truncate).
/// </summary>
public sealed class UnlockedFaultVsTruncateTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with
    {
        Strategy = "dfs",
        Iterations = 100_000,
    };

    [Fact]
    public void In_2_5_a_fault_without_the_page_lock_or_truncate_count_maps_a_page_truncate_removed()
    {
        var report = TestingEngine.Run(new FaultVsTruncate(ScenarioOptions.Default with { Era = KernelEra.V2_5 }), Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var bug = report.Bugs[0].Bug;
        Assert.Contains("maps a page that left", bug.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V6_9)]
    public void From_2_6_20_no_schedule_maps_a_page_truncate_removed(KernelEra era)
    {
        var report = TestingEngine.Run(new FaultVsTruncate(ScenarioOptions.Default with { Era = era }), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    /// <summary>
    /// The row's holding cells catch the race they are for: with the fault mapping the page it
    /// found with no page lock and no truncate_count (<see cref="Faults.FaultMapsUnlockedPage"/>),
    /// the era table's proof search (stateful DFS, bound 2) finds it on 2.6.20 and from 2.6.29,
    /// minimized and replayed from file.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V6_9)]
    public void A_fault_that_maps_without_the_page_lock_or_truncate_count_is_caught_by_the_rows_proof(KernelEra era)
    {
        var options = ScenarioOptions.Default with { Era = era, Faults = new Faults { FaultMapsUnlockedPage = true } };
        var cell = CellCheck.Run(FaultVsTruncate.ScenarioName, options, expected: null, CellBudget.Matrix);

        Assert.False(cell.Matches);
        var found = Assert.IsType<Traces.BugTrace>(cell.Bug);
        Assert.Equal(FaultVsTruncate.Invariant, found.Bug.Source);
        Assert.Contains("maps a page that left", found.Bug.Message, StringComparison.Ordinal);
        var minimized = TestingEngine.Minimize(cell.Program!, found);
        Assert.True(minimized.Trace.Steps.Count <= found.Steps.Count);
        TraceFiles.AssertReplaysFromFile(cell.Program!, minimized.Trace);
    }
}
