using Wbcheck.Conformance.Differential;
using Wbcheck.Conformance.Source;
using Xunit.Abstractions;

namespace Wbcheck.Conformance.Tests;

/// <summary>
/// The kernel trees the tests read (WBCHECK_KERNEL_TREE, then ../shared/reference; each target from
/// the first that holds it) and each target compiled once. Without either tree the tests that need
/// one are skipped (<see cref="KernelFactAttribute"/>), saying which variable to set.
/// </summary>
internal static class Compiled
{
    private static readonly Lazy<CompiledTarget> GenericWritepagesTarget = new(() => CompiledTarget.Build(ConformanceTargets.GenericWritepages, ReaderFor(ConformanceTargets.GenericWritepages)));

    private static readonly Lazy<CompiledTarget> WriteCachePagesTarget = new(() => CompiledTarget.Build(ConformanceTargets.WriteCachePages, ReaderFor(ConformanceTargets.WriteCachePages)));

    private static readonly Lazy<CompiledTarget> GetDirtyLimitsTarget = new(() => CompiledTarget.Build(ConformanceTargets.GetDirtyLimits, ReaderFor(ConformanceTargets.GetDirtyLimits)));

    private static readonly Lazy<CompiledTarget> MpageWritepagesTarget = new(() => CompiledTarget.Build(ConformanceTargets.MpageWritepages, ReaderFor(ConformanceTargets.MpageWritepages)));

    public static CompiledTarget MpageWritepages => MpageWritepagesTarget.Value;

    public static CompiledTarget GenericWritepages => GenericWritepagesTarget.Value;

    public static CompiledTarget GetDirtyLimits => GetDirtyLimitsTarget.Value;

    public static CompiledTarget WriteCachePages => WriteCachePagesTarget.Value;

    /// <summary>The reader of the first tree at hand that holds <paramref name="target"/>, else of the first tree (whose error then names what is missing).</summary>
    public static KernelFunctionReader ReaderFor(ConformanceTarget target) =>
        TreeHolding(target) ?? KernelFunctionReader.Open(KernelTree.Candidates().FirstOrDefault() ?? throw new InvalidOperationException(KernelTree.Missing));

    /// <summary>The reader of the first tree at hand whose file for <paramref name="target"/> defines <paramref name="function"/> (the target's own when null), or null.</summary>
    public static KernelFunctionReader? TreeHolding(ConformanceTarget target, string? function = null) =>
        KernelTree.Candidates().Select(KernelFunctionReader.Open).FirstOrDefault(r => CompiledTarget.Holds(target, r, function));

    /// <summary>
    /// <paramref name="target"/> compiled with <paramref name="original"/> replaced by
    /// <paramref name="replacement"/> in <paramref name="function"/> (in every function when
    /// null), checked over 1,000 cases: the divergence it must show, and its rendering, printed.
    /// </summary>
    public static (ConformanceDivergence Divergence, string Text) Mutant(ConformanceTarget target, string? function, string original, string replacement, ITestOutputHelper output, KernelFunctionReader? reader = null)
    {
        var mutated = CompiledTarget.Build(target, reader ?? ReaderFor(target), f =>
        {
            if (function is not null && f.Name != function)
            {
                return f;
            }

            Assert.Contains(original, f.Text, StringComparison.Ordinal);
            return f with { Text = f.Text.Replace(original, replacement, StringComparison.Ordinal) };
        });

        var report = ConformanceCheck.Run(mutated, 1000);
        var divergence = Assert.IsType<ConformanceDivergence>(report.Divergence);
        var text = divergence.Render(report.Target);
        output.WriteLine(text);
        return (divergence, text);
    }
}
