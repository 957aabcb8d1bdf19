using Wbcheck.Conformance.Source;

namespace Wbcheck.Cli.Tests.Support;

/// <summary>
/// A CLI test that reads kernel functions at run time from ../shared/reference or the tree
/// WBCHECK_KERNEL_TREE names, in the file <c>seed</c> of the seeds' layout
/// (page-writeback.c.2.6.20); skipped, saying which variable to set, only where no tree at hand
/// holds it.
/// </summary>
public sealed class KernelFactAttribute : FactAttribute
{
    public KernelFactAttribute(string seed)
    {
        if (KernelTree.SkipReason() is { } reason)
        {
            Skip = reason;
        }
        else if (SeedsHolding(seed) is null)
        {
            Skip = $"no tree at hand holds {seed}: set {KernelTree.Variable} to a folder that does, or put shared/reference beside the repository";
        }
    }

    /// <summary>The first tree at hand (WBCHECK_KERNEL_TREE, then ../shared/reference) that holds <paramref name="seed"/>.</summary>
    public static string? SeedsHolding(string seed) => KernelTree.Candidates().FirstOrDefault(t => File.Exists(Path.Combine(t, seed)));
}
