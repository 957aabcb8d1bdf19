using Wbcheck.Conformance.Cases;
using Wbcheck.Conformance.Differential;
using Xunit.Abstractions;

namespace Wbcheck.Conformance.Tests;

/// <summary>
/// 6.9-6.12 write_cache_pages from a whole kernel tree (WBCHECK_KERNEL_TREE): writeback_iter's
/// static helpers, which the seeds' patch does not show, are compiled from the tree instead of the
/// shim's stand-ins, and compared with the model.
/// </summary>
public sealed class WriteCachePagesFromATreeTests(ITestOutputHelper output)
{
    private static readonly string[] Helpers = ["writeback_get_folio", "folio_prepare_writeback", "wbc_end", "wbc_to_tag"];

    private static readonly Lazy<CompiledTarget> FromTree = new(() => CompiledTarget.Build(ConformanceTargets.WriteCachePages, Tree()));

    [TreeDefinesFact("write_cache_pages", "writeback_get_folio")]
    public void The_trees_helpers_are_compiled_instead_of_the_stand_ins_and_agree_on_a_thousand_cases()
    {
        var compiled = FromTree.Value;
        output.WriteLine($"compiled from {compiled.Source}: {string.Join(", ", compiled.Functions.Select(f => f.Name))}");
        Assert.Equal(["write_cache_pages", "writeback_iter", .. Helpers], compiled.Functions.Select(f => f.Name));
        Assert.All(compiled.Functions, f => Assert.Equal(compiled.Source, f.Path));
        Assert.Equal(["filemap_get_folios_tag", "tag_pages_for_writeback", "folio_clear_dirty_for_io"], compiled.StandInsUsed);

        var report = ConformanceCheck.Run(compiled, 1000);
        output.WriteLine($"{report.Cases} cases, {report.EventsCompared} events");
        Assert.True(report.Divergence is null, report.Divergence?.Render(report.Target));
        Assert.Equal(1000, report.Cases);
        Assert.Empty(report.Tolerated);
    }

    [TreeDefinesFact("write_cache_pages", "folio_prepare_writeback")]
    public void Changing_the_skip_of_a_folio_under_writeback_in_the_trees_folio_prepare_writeback_is_reported()
    {
        // Background writeback skips a folio under writeback; the mutant waits for it instead (and
        // an integrity pass, which must wait, skips it).
        var (divergence, text) = Compiled.Mutant(ConformanceTargets.WriteCachePages, "folio_prepare_writeback",
            "if (wbc->sync_mode == WB_SYNC_NONE)", "if (wbc->sync_mode != WB_SYNC_NONE)", output, Tree());
        Assert.Contains(((WritepagesCase)divergence.Case).Pages, p => p.Writeback);
        Assert.InRange(((WritepagesCase)divergence.Case).Pages.Length, 1, 2);
        Assert.True(SideBySide.FirstDifference(divergence.Outcome.Kernel, divergence.Outcome.Model) >= 0);
        Assert.Contains(">> ", text, StringComparison.Ordinal);
    }

    private static Source.KernelFunctionReader Tree() =>
        Compiled.TreeHolding(ConformanceTargets.WriteCachePages, "writeback_get_folio")
        ?? throw new InvalidOperationException("no tree defines writeback_get_folio (the test's attribute should have skipped it)");
}
