using Wbcheck.Conformance.Cases;
using Wbcheck.Conformance.Differential;
using Xunit.Abstractions;

namespace Wbcheck.Conformance.Tests;

/// <summary>
/// 2.6.23 generic_writepages from a tree of that version (WBCHECK_KERNEL_TREE): write_cache_pages
/// and __writepage, whose mapping_set_error passes AOP_WRITEPAGE_ACTIVATE through unfiltered, run
/// against the model's 2.6.20 era (the same walk and error bits).
/// </summary>
public sealed class GenericWritepages2623Tests(ITestOutputHelper output)
{
    private static ConformanceTarget Target => ConformanceTargets.GenericWritepages2623;

    private static readonly Lazy<CompiledTarget> FromTree = new(() => CompiledTarget.Build(Target, Tree()));

    [TreeDefinesFact("generic_writepages", "__writepage", "2.6.23")]
    public void Write_cache_pages_and_writepage_agree_with_the_model_on_a_thousand_cases()
    {
        var compiled = FromTree.Value;
        Assert.Equal(Target.CompiledFunctions, compiled.Functions.Select(f => f.Name));
        var report = ConformanceCheck.Run(compiled, 1000);
        output.WriteLine($"{report.Cases} cases, {report.EventsCompared} events, tolerated {string.Join(", ", report.Tolerated)}");
        Assert.True(report.Divergence is null, report.Divergence?.Render(report.Target));
        Assert.Equal(1000, report.Cases);
    }

    /// <summary>Issue #16's fourth example, executed in an era whose model sets AS_EIO too: the spurious -EIO.</summary>
    [TreeDefinesFact("generic_writepages", "__writepage", "2.6.23")]
    public void AOP_WRITEPAGE_ACTIVATE_sets_AS_EIO_through_mapping_set_error_as_the_model_of_the_era_does()
    {
        var c = GenericWritepagesTests.Plain([new CasePage(0, false, true, false, false, true, FsAction.Activate)]);
        var outcome = Differential.Differential.Compare(FromTree.Value, c, []);
        output.WriteLine(SideBySide.Render(outcome.Kernel, outcome.Model, "kernel 2.6.23", "model 2.6.20"));
        Assert.False(outcome.Diverges);
        Assert.Contains(outcome.Kernel, e => e.Trim() == "mapping flags AS_none -> AS_EIO");
    }

    [TreeDefinesFact("generic_writepages", "__writepage", "2.6.23")]
    public void Changing_the_nr_to_write_test_of_write_cache_pages_is_reported()
    {
        var (divergence, _) = Compiled.Mutant(Target, "write_cache_pages", "(--(wbc->nr_to_write) <= 0)", "(--(wbc->nr_to_write) < 0)", output, Tree());
        Assert.InRange(((WritepagesCase)divergence.Case).Pages.Length, 1, 15);
        Assert.True(SideBySide.FirstDifference(divergence.Outcome.Kernel, divergence.Outcome.Model) >= 0);
    }

    private static Source.KernelFunctionReader Tree() =>
        Compiled.TreeHolding(Target, "__writepage")
        ?? throw new InvalidOperationException("no tree holds 2.6.23's __writepage (the test's attribute should have skipped it)");
}
