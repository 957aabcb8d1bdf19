using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// A hole punch against a store's fault on a hole (docs/eras.md section 129): the fault reads the
/// page in and ext4's -&gt;page_mkwrite allocates its block between the punch's page-cache
/// truncation and ext4_ext_remove_space, which frees the block under the dirty page. Nothing held
/// them apart before ea3d7209ca01 (4.5). Explored exhaustively here; the era table's row,
/// punch-vs-store-fault, proves the holding cells at bound 2.
/// </summary>
public sealed class PunchVsStoreFaultTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with
    {
        Strategy = "dfs",
        Iterations = 100_000,
    };

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V3_19)]
    public void Before_4_5_page_mkwrite_allocates_a_block_the_punch_then_frees(KernelEra era)
    {
        var report = TestingEngine.Run(Store(era, new Faults()), Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var bug = report.Bugs[0].Bug;
        Assert.Equal(BugKind.SafetyMonitor, bug.Kind);
        Assert.Equal(FreedBlockMapped.Name, bug.Source);
    }

    /// <summary>
    /// From 4.5 the read-in and the allocation each hold the punch's lock shared. On whole pages
    /// (the model's block is its page) either lock alone keeps them apart: a page read in before
    /// the punch is truncated by it, and block_page_mkwrite, under the page lock, finds it out of
    /// the file (a retry); a page read in inside the punch's window waits, in -&gt;page_mkwrite,
    /// until the blocks are freed. ext4 needed ext4_page_mkwrite's lock for what the model does
    /// not have: blocks smaller than a page, whose buffers in a partly punched page get mapped
    /// again, and collapse and insert range.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V4_13, false, false)]
    [InlineData(KernelEra.V5_0, false, false)]
    [InlineData(KernelEra.V6_9, false, false)]
    [InlineData(KernelEra.V6_10, false, false)]
    [InlineData(KernelEra.V4_17, true, false)]
    [InlineData(KernelEra.V4_17, false, true)]
    [InlineData(KernelEra.V6_9, true, false)]
    [InlineData(KernelEra.V6_9, false, true)]
    public void From_4_5_either_lock_keeps_the_allocation_out_of_the_punchs_window(KernelEra era, bool faultSkips, bool mkwriteSkips)
    {
        var faults = new Faults { FaultSkipsInvalidateLock = faultSkips, PageMkwriteSkipsInvalidateLock = mkwriteSkips };

        var report = TestingEngine.Run(Store(era, faults), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    /// <summary>
    /// The row's holding cells catch the race: with both the fault's read-in and
    /// -&gt;page_mkwrite skipping the lock, or the punch taking none
    /// (<see cref="Faults.PunchSkipsInvalidateLock"/>), the era table's proof search finds it on
    /// 4.17 and 6.9, minimized (the store's page insertion before the punch's block removal, the
    /// block allocated between) and replayed from file.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V4_17, false)]
    [InlineData(KernelEra.V6_9, false)]
    [InlineData(KernelEra.V4_17, true)]
    [InlineData(KernelEra.V6_9, true)]
    public void Without_the_lock_the_rows_proof_catches_the_freed_block(KernelEra era, bool punchSkips)
    {
        var faults = punchSkips
            ? new Faults { PunchSkipsInvalidateLock = true }
            : new Faults { FaultSkipsInvalidateLock = true, PageMkwriteSkipsInvalidateLock = true };
        var options = ScenarioOptions.Default with { Era = era, Faults = faults };
        var cell = CellCheck.Run(PunchVsFault.StoreName, options, expected: null, CellBudget.Matrix);

        Assert.False(cell.Matches);
        var found = Assert.IsType<Traces.BugTrace>(cell.Bug);
        Assert.Equal(FreedBlockMapped.Name, found.Bug.Source);
        var minimized = TestingEngine.Minimize(cell.Program!, found);
        Assert.True(minimized.Trace.Steps.Count <= found.Steps.Count);
        Assert.Contains("->page_mkwrite", minimized.Trace.Bug.Message, StringComparison.Ordinal);

        var steps = minimized.Trace.Steps.ToList();
        var insertion = steps.FindIndex(step => step.ThreadName == "store" && step.Label.Function is "filemap_add_folio" or "add_to_page_cache_lru");
        var removal = steps.FindIndex(step => step.Label.Function == "ext4_ext_remove_space");
        Assert.True(insertion >= 0 && insertion < removal, string.Join(", ", steps.Select(step => step.Label.Function)));
        TraceFiles.AssertReplaysFromFile(cell.Program!, minimized.Trace);
    }

    private static PunchVsFault Store(KernelEra era, Faults faults) => new(ScenarioOptions.Default with { Era = era, Faults = faults }, store: true);
}
