using Wbcheck.Conformance.Differential;
using Wbcheck.Conformance.Source;
using Xunit.Abstractions;

namespace Wbcheck.Conformance.Tests;

/// <summary>
/// The kernel tree the tests read (../shared/reference, or WBCHECK_KERNEL_TREE) and each target
/// compiled once from it. Without a tree the tests fail saying which variable to set.
/// </summary>
internal static class Compiled
{
    private static readonly Lazy<CompiledTarget> GenericWritepagesTarget = new(() => CompiledTarget.Build(ConformanceTargets.GenericWritepages, Reader()));

    private static readonly Lazy<CompiledTarget> WriteCachePagesTarget = new(() => CompiledTarget.Build(ConformanceTargets.WriteCachePages, Reader()));

    private static readonly Lazy<CompiledTarget> GetDirtyLimitsTarget = new(() => CompiledTarget.Build(ConformanceTargets.GetDirtyLimits, Reader()));

    private static readonly Lazy<CompiledTarget> MpageWritepagesTarget = new(() => CompiledTarget.Build(ConformanceTargets.MpageWritepages, Reader()));

    public static CompiledTarget MpageWritepages => MpageWritepagesTarget.Value;

    public static CompiledTarget GenericWritepages => GenericWritepagesTarget.Value;

    public static CompiledTarget GetDirtyLimits => GetDirtyLimitsTarget.Value;

    public static CompiledTarget WriteCachePages => WriteCachePagesTarget.Value;

    public static KernelFunctionReader Reader() =>
        KernelFunctionReader.Open(KernelTree.Locate() ?? throw new InvalidOperationException(KernelTree.Missing));

    /// <summary>
    /// <paramref name="target"/> compiled with <paramref name="original"/> replaced by
    /// <paramref name="replacement"/> in <paramref name="function"/> (in every function when
    /// null), checked over 1,000 cases: the divergence it must show, and its rendering, printed.
    /// </summary>
    public static (ConformanceDivergence Divergence, string Text) Mutant(ConformanceTarget target, string? function, string original, string replacement, ITestOutputHelper output)
    {
        var mutated = CompiledTarget.Build(target, Reader(), f =>
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
