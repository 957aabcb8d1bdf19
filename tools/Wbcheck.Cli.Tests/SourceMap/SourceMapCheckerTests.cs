using Wbcheck.Cli.SourceMap;
using Wbcheck.Cli.Tests.SourceMap.FixtureModel;
using Wbcheck.Model.Citations;

namespace Wbcheck.Cli.Tests.SourceMap;

public sealed class SourceMapCheckerTests
{
    private static readonly IReadOnlyList<Citation> Writeback =
        ModelCatalog.Read([typeof(WritebackModel), typeof(WritebackModel.Readahead)]);

    [Fact]
    public void Against_the_tree_it_was_read_from_every_recorded_body_is_in_sync()
    {
        var report = new SourceMapChecker(KernelSource.Open(Fixture.Path("trees/v1"))).Check(Writeback);

        Assert.Equal(
            [
                ("dirty accounting", CitationStatus.NotCode),
                ("read_pages", CitationStatus.FileMissing),
                ("clear_dirty", CitationStatus.InSync),
                ("finish_io", CitationStatus.InSync),
                ("helper", CitationStatus.NoFingerprint),
                ("mark_dirty", CitationStatus.InSync),
                ("start_io", CitationStatus.InSync),
            ],
            report.Checks.Select(c => (c.Citation.Function, c.Status)));
        Assert.Empty(report.Uncovered);
    }

    [Fact]
    public void Against_a_later_tree_it_tells_drifted_from_reformatted_missing_and_uncovered()
    {
        var report = new SourceMapChecker(KernelSource.Open(Fixture.Path("trees/v2")), KernelSource.Open(Fixture.Path("trees/v1")))
            .Check(Writeback);

        Assert.Equal(
            [
                ("dirty accounting", CitationStatus.NotCode),
                ("read_pages", CitationStatus.FileMissing),
                ("clear_dirty", CitationStatus.Drifted),
                ("finish_io", CitationStatus.FunctionMissing),
                ("helper", CitationStatus.NoFingerprint),
                ("mark_dirty", CitationStatus.InSync),
                ("start_io", CitationStatus.InSync),
            ],
            report.Checks.Select(c => (c.Citation.Function, c.Status)));
        Assert.Equal([new UncoveredFunction("mm/writeback.c", Fixture.Path("trees/v2/mm/writeback.c"), "account_dirty", 10)], report.Uncovered);
        Assert.Equal("9.1", report.KernelVersion);
        Assert.True(report.HasDriftOrMissing);

        var drifted = Assert.Single(report.Checks, c => c.Status == CitationStatus.Drifted);
        Assert.Equal((24, "71fcd9f8821ba2fb"), (drifted.Line, drifted.CurrentFingerprint));
        Assert.NotNull(drifted.Diff);
        Assert.Equal(["nr_dirty", "--"], drifted.Diff.Removed);
        Assert.Equal(["account_dirty", "(", "-", "1", ")"], drifted.Diff.Added);
        Assert.Equal((21, 28, 1), (drifted.Diff.BaselineLine, drifted.Diff.Line, drifted.Diff.Changes));
    }

    [Fact]
    public void Without_a_baseline_a_drifted_body_says_how_to_see_the_change()
    {
        var report = new SourceMapChecker(KernelSource.Open(Fixture.Path("trees/v2"))).Check(Writeback);

        var drifted = Assert.Single(report.Checks, c => c.Status == CitationStatus.Drifted);
        Assert.Null(drifted.Diff);
        Assert.Equal("give --baseline to see what changed", drifted.Note);
    }

    [Fact]
    public void Only_drift_and_missing_functions_or_files_fail_a_strict_check()
    {
        var v1 = KernelSource.Open(Fixture.Path("trees/v1"));
        Citation Cite(string file, string function, string? fingerprint) => new("Member", file, function, "1.0", fingerprint);

        Assert.False(new SourceMapChecker(v1).Check(
            [Cite("mm/writeback.c", "mark_dirty", "c9e0b53fdd175fa5"), Cite("mm/writeback.c", "helper", null), Cite("Documentation/writeback.txt", "x", null)])
            .HasDriftOrMissing);
        Assert.True(new SourceMapChecker(v1).Check([Cite("mm/writeback.c", "mark_dirty", "c9e0b53fdd175fa6")]).HasDriftOrMissing);
        Assert.True(new SourceMapChecker(v1).Check([Cite("mm/writeback.c", "no_such_function", null)]).HasDriftOrMissing);
        Assert.True(new SourceMapChecker(v1).Check([Cite("mm/no-such-file.c", "mark_dirty", null)]).HasDriftOrMissing);
    }

    [Fact]
    public void A_cited_macro_is_found_and_a_function_defined_in_each_branch_is_fingerprinted_whole()
    {
        var report = new SourceMapChecker(KernelSource.Open(Fixture.Path("."))).Check(
        [
            new Citation("Batch.Run", "syntax.c", "RUN_BATCH", "1.0", null),
            new Citation("Batch.Sync", "syntax.c", "batch_sync", "1.0", null),
        ]);

        Assert.Equal(["a macro", "defined 2 times (conditional branches), lines 133, 138; fingerprinted together"], report.Checks.Select(c => c.Note));
        Assert.Equal(15, report.Uncovered.Count);
        Assert.DoesNotContain(report.Uncovered, u => u.Function is "batch_sync" or "RUN_BATCH");
    }
}
