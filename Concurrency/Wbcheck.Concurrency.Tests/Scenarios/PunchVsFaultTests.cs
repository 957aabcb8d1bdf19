using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// A hole punch against a read fault that reads its page in (docs/page-tables.md, "A fault that
/// reads a page in"; docs/eras.md section 111): the fault reads the page in between the punch's
/// page-cache truncation and the freeing of its blocks, and the page stays over the hole with
/// the old data. Explored exhaustively here; the era table's row, punch-vs-fault, proves it at
/// bound 2.
/// </summary>
public sealed class PunchVsFaultTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with
    {
        Strategy = "dfs",
        Iterations = 100_000,
    };

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V3_19)]
    public void Before_4_5_a_fault_reads_the_page_back_in_before_the_punch_frees_its_blocks(KernelEra era)
    {
        var report = TestingEngine.Run(new PunchVsFault(ScenarioOptions.Default with { Era = era }), Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var bug = report.Bugs[0].Bug;
        Assert.Equal(BugKind.SafetyMonitor, bug.Kind);
        Assert.Equal(PunchVsFault.Invariant, bug.Source);
    }

    /// <summary>An ext4-like filesystem holds by its i_mmap_sem from 4.5, every filesystem by invalidate_lock from 5.15.</summary>
    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V5_0)]
    [InlineData(KernelEra.V6_9)]
    public void From_4_5_the_punch_holds_faults_off_and_no_schedule_breaks_an_invariant(KernelEra era)
    {
        var report = TestingEngine.Run(new PunchVsFault(ScenarioOptions.Default with { Era = era }), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    /// <summary>
    /// A filesystem without ext4's own lock (ext2's kind of fault, filemap_fault itself) still
    /// races in the 5.0 era (up to 5.14), and holds from the 6.9 era by invalidate_lock.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V5_0, true)]
    [InlineData(KernelEra.V6_9, false)]
    public void Without_ext4s_lock_only_invalidate_lock_holds_faults_off(KernelEra era, bool races)
    {
        var report = TestingEngine.Run(new PunchVsFault(ScenarioOptions.Default with { Era = era }, ext4MmapSem: false), Dfs);

        Assert.Equal(races, report.FoundBug);
        if (races)
        {
            Assert.Equal(PunchVsFault.Invariant, report.Bugs[0].Bug.Source);
        }
    }

    /// <summary>
    /// The row's holding cells catch the race they are for: with the punch taking neither lock
    /// (<see cref="Faults.PunchSkipsInvalidateLock"/>) or the fault reading in without it
    /// (<see cref="Faults.FaultSkipsInvalidateLock"/>), the era table's proof search finds it on
    /// an i_mmap_sem era and an invalidate_lock era, minimized and replayed from file.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V4_17, true)]
    [InlineData(KernelEra.V6_9, true)]
    [InlineData(KernelEra.V4_17, false)]
    [InlineData(KernelEra.V6_9, false)]
    public void A_punch_or_a_fault_without_the_lock_is_caught_by_the_rows_proof(KernelEra era, bool punchSkips)
    {
        var faults = punchSkips ? new Faults { PunchSkipsInvalidateLock = true } : new Faults { FaultSkipsInvalidateLock = true };
        var options = ScenarioOptions.Default with { Era = era, Faults = faults };
        var cell = CellCheck.Run(PunchVsFault.ScenarioName, options, expected: null, CellBudget.Matrix);

        Assert.False(cell.Matches);
        var found = Assert.IsType<Traces.BugTrace>(cell.Bug);
        Assert.Equal(PunchVsFault.Invariant, found.Bug.Source);
        var minimized = TestingEngine.Minimize(cell.Program!, found);
        Assert.True(minimized.Trace.Steps.Count <= found.Steps.Count);

        // The minimal trace: the fault reads the page in after the punch's truncation, and the
        // punch frees the blocks under it.
        var functions = minimized.Trace.Steps.Select(step => step.Label.Function).ToList();
        Assert.Contains("ext4_ext_remove_space", functions);
        TraceFiles.AssertReplaysFromFile(cell.Program!, minimized.Trace);
    }
}
