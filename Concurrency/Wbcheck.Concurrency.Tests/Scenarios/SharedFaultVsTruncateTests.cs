using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// A store to a missing pte against truncate of its page (docs/page-tables.md, "The write fault
/// on a missing pte"): the fault with write access dirties the page after unlocking it up to
/// 2.6.29 (do_no_page's and __do_fault's set_page_dirty_balance), so truncate can cancel the
/// page's dirtiness and remove it first, and the fault's accounting lands on a page of no file
/// (2d6d7f982846's race, here on the no-page path); from b827e496c893 (2.6.30, the 2.6.36 era)
/// __do_fault dirties it before the unlock, and no schedule does. 2.5.31's fault dirtied no page.
/// Explored exhaustively here (the era table's row, store-to-missing-pte-vs-truncate, proves it at
/// bound 2); write-fault-vs-truncate is the read-only pte's race.
/// </summary>
public sealed class SharedFaultVsTruncateTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with
    {
        Strategy = "dfs",
        Iterations = 100_000,
    };

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    public void Before_2_6_30_truncate_takes_the_page_between_the_faults_unlock_and_its_dirtying(KernelEra era)
    {
        var report = TestingEngine.Run(new StoreToMissingPteVsTruncate(ScenarioOptions.Default with { Era = era }), Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var bug = report.Bugs[0].Bug;
        Assert.Equal(BugKind.SafetyMonitor, bug.Kind);
        Assert.Contains(bug.Source, new[] { Accounting.Name, TruncateMonitor.Name });
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void From_2_6_30_the_fault_dirties_the_page_under_its_lock_and_no_schedule_breaks_an_invariant(KernelEra era)
    {
        var report = TestingEngine.Run(new StoreToMissingPteVsTruncate(ScenarioOptions.Default with { Era = era }), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    /// <summary>
    /// The row's holding cells catch the race they are for: with the fault dirtying the page
    /// after its unlock (<see cref="Faults.SharedFaultDirtiesUnlocked"/>), the era table's proof
    /// search (stateful DFS, bound 2) finds it on each era from 2.6.36, minimized and replayed
    /// from file.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_fault_that_dirties_the_page_after_its_unlock_is_caught_by_the_rows_proof(KernelEra era)
    {
        var options = ScenarioOptions.Default with { Era = era, Faults = new Faults { SharedFaultDirtiesUnlocked = true } };
        var cell = CellCheck.Run(StoreToMissingPteVsTruncate.ScenarioName, options, expected: null, CellBudget.Matrix);

        Assert.False(cell.Matches);
        var found = Assert.IsType<Traces.BugTrace>(cell.Bug);
        // From 4.1 the kernel's own warning (a dirty page leaving the cache) may come first.
        Assert.Contains(found.Bug.Source, new[] { Accounting.Name, TruncateMonitor.Name, "filemap_unaccount_folio", "__delete_from_page_cache" });
        var minimized = TestingEngine.Minimize(cell.Program!, found);
        Assert.True(minimized.Trace.Steps.Count <= found.Steps.Count);
        TraceFiles.AssertReplaysFromFile(cell.Program!, minimized.Trace);
    }
}
