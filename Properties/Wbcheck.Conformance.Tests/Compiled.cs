using Wbcheck.Conformance.Differential;
using Wbcheck.Conformance.Source;

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
}
