using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// A filesystem with its own -&gt;page_mkwrite in block_page_mkwrite's shape
/// (<see cref="Model.Fs.SimpleFsOptions.BlockPageMkwrite"/>; docs/eras.md section 113), in the two
/// rows that vary it. Against truncate (block-page-mkwrite-vs-truncate) the page is returned
/// unlocked before b827e496c893 and do_wp_page dirties it again with no lock: truncate takes it
/// between (2.6.20, 2.6.29); from the 2.6.36 era it stays locked until dirtied and no schedule
/// breaks an invariant. Against writeback (block-page-mkwrite-vs-writeback) only 2.6.20 loses the
/// store (79352894b285's race, which the filesystem's page lock does not close); 2.6.29 holds to
/// the end of every preemption bound, its unlocked window included. Explored here without the
/// matrix's preemption bound.
/// </summary>
public sealed class BlockPageMkwriteScenarioTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with
    {
        Strategy = "dfs",
        Iterations = 100_000,
    };

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    public void Before_2_6_30_truncate_takes_the_page_between_page_mkwrite_and_the_faults_dirtying(KernelEra era)
    {
        var report = TestingEngine.Run(new WriteFaultVsTruncate(ScenarioOptions.Default with { Era = era }, blockPageMkwrite: true), Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var bug = report.Bugs[0].Bug;
        Assert.Equal(BugKind.SafetyMonitor, bug.Kind);
        Assert.Contains(bug.Source, new[] { Accounting.Name, TruncateMonitor.Name });
    }

    /// <summary>
    /// 2.6.36 is the cell that tells the two rows apart: without a -&gt;page_mkwrite
    /// (write-fault-vs-truncate) it fails until 3.19, with one it holds.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void From_2_6_30_the_page_stays_locked_until_dirtied_and_no_schedule_breaks_an_invariant(KernelEra era)
    {
        var options = ScenarioOptions.Default with { Era = era };
        var report = TestingEngine.Run(new WriteFaultVsTruncate(options, blockPageMkwrite: true), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
        if (era == KernelEra.V2_6_36)
        {
            Assert.True(TestingEngine.Run(new WriteFaultVsTruncate(options), Dfs).FoundBug);
        }
    }

    [Fact]
    public void Against_writeback_2_6_20_loses_the_store_and_2_6_29_holds_to_the_end()
    {
        var lost = TestingEngine.Run(new PageMkwriteVsWriteback(ScenarioOptions.Default with { Era = KernelEra.V2_6_20 }, blockPageMkwrite: true), Dfs);
        var held = TestingEngine.Run(new PageMkwriteVsWriteback(ScenarioOptions.Default with { Era = KernelEra.V2_6_29 }, blockPageMkwrite: true), Dfs);

        Assert.True(lost.FoundBug, lost.Summary());
        Assert.Equal(IntegrityMonitor.Name, lost.Bugs[0].Bug.Source);
        Assert.False(held.FoundBug, held.Summary());
        Assert.Equal(StopReason.SpaceExhausted, held.StopReason);
    }

    /// <summary>
    /// The matrix's cells, bug found, minimized and replayed from file, as the era table expects
    /// them (the 2.6.29 truncate cell and the 2.6.20 writeback cell).
    /// </summary>
    [Theory]
    [InlineData(WriteFaultVsTruncate.BlockPageMkwriteName, KernelEra.V2_6_29)]
    [InlineData(PageMkwriteVsWriteback.BlockPageMkwriteName, KernelEra.V2_6_20)]
    public void The_rows_bug_cells_are_found_minimized_and_replayed(string scenario, KernelEra era)
    {
        var options = ScenarioOptions.Default with { Era = era };
        var cell = CellCheck.Run(scenario, options, Expectations.For(scenario, era), CellBudget.Matrix);

        Assert.True(cell.Matches, cell.Problem);
        var found = Assert.IsType<Traces.BugTrace>(cell.Bug);
        var minimized = TestingEngine.Minimize(cell.Program!, found);
        Assert.True(minimized.Trace.Steps.Count <= found.Steps.Count);
        TraceFiles.AssertReplaysFromFile(cell.Program!, minimized.Trace);
    }

    /// <summary>
    /// The 2.6.36 cell catches what it rests on: do_wp_page unlocking the page -&gt;page_mkwrite
    /// returned locked before dirtying it (<see cref="Faults.WpPageMkwriteDirtiesUnlocked"/>,
    /// b827e496c893's do_wp_page hunk left out) lets truncate take the page between, and the era
    /// table's proof search finds it, minimized and replayed from file. From 3.19 the fault
    /// changes nothing (2d6d7f982846 locks the page again for the dirtying): the cell still holds.
    /// </summary>
    [Fact]
    public void Dirtying_after_unlocking_the_locked_page_mkwrite_page_is_caught_on_2_6_36_and_harmless_from_3_19()
    {
        var faults = new Faults { WpPageMkwriteDirtiesUnlocked = true };
        var cell = CellCheck.Run(WriteFaultVsTruncate.BlockPageMkwriteName, ScenarioOptions.Default with { Era = KernelEra.V2_6_36, Faults = faults }, expected: null, CellBudget.Matrix);
        var later = CellCheck.Run(WriteFaultVsTruncate.BlockPageMkwriteName, ScenarioOptions.Default with { Era = KernelEra.V3_19, Faults = faults }, expected: null, CellBudget.Matrix);

        Assert.False(cell.Matches);
        var found = Assert.IsType<Traces.BugTrace>(cell.Bug);
        Assert.Contains(found.Bug.Source, new[] { Accounting.Name, TruncateMonitor.Name });
        var minimized = TestingEngine.Minimize(cell.Program!, found);
        Assert.True(minimized.Trace.Steps.Count <= found.Steps.Count);
        TraceFiles.AssertReplaysFromFile(cell.Program!, minimized.Trace);
        Assert.True(later.Matches, later.Problem);
    }

    /// <summary>
    /// block_page_mkwrite without its check, under the page lock, that truncate has not taken
    /// the page (<see cref="Faults.BlockPageMkwriteSkipsMappingCheck"/>). The row's file is
    /// truncated to a page boundary, so the page the fault holds starts exactly at the new EOF
    /// and the check lets it through while it is cached; once truncate has taken it, the skipped
    /// check sends a page with no mapping to __block_write_begin, which dereferences it: the
    /// 2.6.36 cell's proof search reports the oops, minimized and replayed from file.
    /// </summary>
    [Fact]
    public void A_page_mkwrite_without_the_mapping_check_is_caught_by_the_truncate_rows_cell()
    {
        var options = ScenarioOptions.Default with { Era = KernelEra.V2_6_36, Faults = new Faults { BlockPageMkwriteSkipsMappingCheck = true } };
        var cell = CellCheck.Run(WriteFaultVsTruncate.BlockPageMkwriteName, options, Expectations.For(WriteFaultVsTruncate.BlockPageMkwriteName, KernelEra.V2_6_36), CellBudget.Matrix);

        Assert.False(cell.Matches);
        var found = Assert.IsType<Traces.BugTrace>(cell.Bug);
        Assert.Equal(BugKind.ModelAssertion, found.Bug.Kind);
        Assert.Contains("__block_write_begin: ", found.Bug.Message, StringComparison.Ordinal);
        var minimized = TestingEngine.Minimize(cell.Program!, found);
        Assert.True(minimized.Trace.Steps.Count <= found.Steps.Count);
        TraceFiles.AssertReplaysFromFile(cell.Program!, minimized.Trace);
    }

    /// <summary>
    /// The same fault, by its consequence in the file: truncate to 100 bytes leaves the faulting
    /// page wholly past EOF. Between truncate's i_size_write and its removal of the page, the
    /// unchecked block_page_mkwrite prepares the page's first EOF-offset bytes and so allocates
    /// its block wholly past the i_size it read (5417169026c3: "so we don't end up allowing
    /// allocations beyond the current EOF"), which <see cref="WritePastEof"/> reports. Without
    /// the fault the search is exhausted; with it the bug is found on every era that has the
    /// method, minimized to one preemption and replayed from file.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    public void Without_the_check_a_write_fault_allocates_a_block_wholly_past_a_truncated_i_size(KernelEra era)
    {
        var holds = TestingEngine.Run(new PageMkwriteVsPartialTruncate(ScenarioOptions.Default with { Era = era }), Dfs);
        var program = new PageMkwriteVsPartialTruncate(ScenarioOptions.Default with { Era = era, Faults = new Faults { BlockPageMkwriteSkipsMappingCheck = true } });
        var report = TestingEngine.Run(program, Dfs with { StopAtFirstBug = false });

        Assert.False(holds.FoundBug, holds.Summary());
        Assert.Equal(StopReason.SpaceExhausted, holds.StopReason);
        var past = report.Bugs.FirstOrDefault(b => b.Bug.Source == WritePastEof.Name);
        Assert.NotNull(past);
        Assert.Contains("the block of page 1 of inode", past.Bug.Message, StringComparison.Ordinal);
        var minimized = TestingEngine.Minimize(program, past);
        Assert.Equal(WritePastEof.Name, minimized.Trace.Bug.Source);
        Assert.Equal(1, minimized.Trace.Preemptions);
        TraceFiles.AssertReplaysFromFile(program, minimized.Trace);
    }

    /// <summary>
    /// The same race on 6.9, whose block_page_mkwrite is in its folio form: the unchecked fault's
    /// length i_size - folio_pos wraps for the page wholly past the new EOF, and
    /// __block_write_begin_int's BUG_ON(to &gt; PAGE_SIZE) fires before any allocation. Without
    /// the fault the search is exhausted.
    /// </summary>
    [Fact]
    public void On_6_9_without_the_check_the_write_fault_hits_block_write_begins_bug()
    {
        var holds = TestingEngine.Run(new PageMkwriteVsPartialTruncate(ScenarioOptions.Default with { Era = KernelEra.V6_9 }), Dfs);
        var program = new PageMkwriteVsPartialTruncate(ScenarioOptions.Default with { Era = KernelEra.V6_9, Faults = new Faults { BlockPageMkwriteSkipsMappingCheck = true } });
        var report = TestingEngine.Run(program, Dfs with { StopAtFirstBug = false });

        Assert.False(holds.FoundBug, holds.Summary());
        Assert.Equal(StopReason.SpaceExhausted, holds.StopReason);
        Assert.Contains(report.Bugs, b => b.Bug.Message.Contains("BUG_ON(to > PAGE_SIZE)", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Bugs, b => b.Bug.Source == WritePastEof.Name);
    }

    /// <summary>
    /// block-page-mkwrite-vs-truncate with the file truncated to 100 bytes, into its first page:
    /// the page the fault holds (page 1) is then wholly past the new EOF.
    /// </summary>
    private sealed class PageMkwriteVsPartialTruncate(ScenarioOptions options) : RaceScenario(options)
    {
        public override string Name => "block-page-mkwrite-vs-partial-truncate";

        public override string Description => "a write fault through block_page_mkwrite against a truncate into the page before the faulting one";

        protected override void Build(Kernel kernel, ProgramSetup setup)
        {
            var fs = Options.CreateFilesystem(kernel, new SimpleFsOptions { BlockPageMkwrite = true });
            var inode = kernel.CreateInode(2, fs);
            kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);
            var mapped = kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false);
            kernel.Memory.MapPage(kernel.Memory.Mmap(inode, fs), mapped);

            setup.Runtime.Spawn("write fault", async () => await kernel.Memory.WpPageShared(mapped));
            setup.Runtime.Spawn("truncate", async () => await kernel.Truncate.TruncateSetsizeBytes(inode, 100));
        }
    }
}
