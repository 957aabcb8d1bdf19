using Wbcheck.Conformance.Differential;
using Wbcheck.Conformance.Source;
using Xunit.Abstractions;

namespace Wbcheck.Conformance.Tests;

/// <summary>6.9 write_cache_pages and writeback_iter, rebuilt from the 2024 patch in the seeds, against the model.</summary>
public sealed class WriteCachePagesTests(ITestOutputHelper output)
{
    private const string Original = "if (*error || wbc->nr_to_write <= 0)";
    private const string Mutant = "if (*error || wbc->nr_to_write < 0)";

    [KernelFact]
    public void KernelAndModelAgreeOnAThousandCases()
    {
        var report = ConformanceCheck.Run(Compiled.WriteCachePages, 1000);
        output.WriteLine($"{report.Cases} cases, {report.EventsCompared} events");
        Assert.True(report.Divergence is null, report.Divergence?.Render(report.Target));
        Assert.Equal(1000, report.Cases);
        Assert.Empty(report.Tolerated);
    }

    [TreeHasFileFact("writeback_iter-patch-2024.txt")]
    public void The_patch_gives_both_functions_whole_with_the_mailer_wrap_repaired()
    {
        var seeds = KernelTree.Candidates().First(t => File.Exists(Path.Combine(t, "writeback_iter-patch-2024.txt")));
        var compiled = CompiledTarget.Build(ConformanceTargets.WriteCachePages, KernelFunctionReader.Open(seeds));
        Assert.EndsWith("writeback_iter-patch-2024.txt", compiled.Source, StringComparison.Ordinal);
        Assert.Equal(["writeback_get_folio", "folio_prepare_writeback", "wbc_end", "wbc_to_tag", "filemap_get_folios_tag", "tag_pages_for_writeback", "folio_clear_dirty_for_io"], compiled.StandInsUsed);
        var iterator = Assert.Single(compiled.Functions, f => f.Name == "writeback_iter");
        Assert.StartsWith("struct folio *writeback_iter(struct address_space *mapping,", iterator.Text, StringComparison.Ordinal);
        Assert.Contains("WARN_ON_ONCE(*error > 0);", iterator.Text, StringComparison.Ordinal);
        Assert.Contains("mapping->writeback_index = folio->index + folio_nr_pages(folio);", iterator.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("for (;;)", iterator.Text, StringComparison.Ordinal);
        var wrapper = Assert.Single(compiled.Functions, f => f.Name == "write_cache_pages");
        Assert.Contains("while ((folio = writeback_iter(mapping, wbc, folio, &error)))", wrapper.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("tag_pages_for_writeback", wrapper.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_patch_that_does_not_change_the_file_is_named() =>
        Assert.Equal("the patch does not change mm/filemap.c",
            Assert.Throws<ConformanceException>(() => PatchReconstruction.Reconstruct("> diff --git a/mm/page-writeback.c b/mm/page-writeback.c\n", "mm/filemap.c")).Message);

    [KernelFact]
    public void ChangingTheNrToWriteTestOfTheIteratorIsReported()
    {
        var (divergence, text) = Compiled.Mutant(ConformanceTargets.WriteCachePages, "writeback_iter", Original, Mutant, output);

        // Shrunk to a page or two with nr_to_write used up on them: the source stops there
        // ("done", and a range_cyclic pass resumes after the page), the mutant goes on (writing
        // the next page, or running off the end and wrapping writeback_index to 0).
        Assert.InRange(((Wbcheck.Conformance.Cases.WritepagesCase)divergence.Case).Pages.Length, 1, 2);
        Assert.InRange(((Wbcheck.Conformance.Cases.WritepagesCase)divergence.Case).NrToWrite, 1, 2);
        var first = SideBySide.FirstDifference(divergence.Outcome.Kernel, divergence.Outcome.Model);
        Assert.True(first >= 0);
        Assert.Contains(">> ", text, StringComparison.Ordinal);
    }
}
