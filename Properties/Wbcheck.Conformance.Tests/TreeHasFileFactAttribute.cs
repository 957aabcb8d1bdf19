using Wbcheck.Conformance.Source;

namespace Wbcheck.Conformance.Tests;

/// <summary>
/// A test of one file of the seeds (the 2024 writeback_iter patch): it runs where
/// ../shared/reference or the tree WBCHECK_KERNEL_TREE names holds that file, and is otherwise
/// skipped, saying so.
/// </summary>
public sealed class TreeHasFileFactAttribute : FactAttribute
{
    public TreeHasFileFactAttribute(string file)
    {
        if (KernelTree.SkipReason() is { } reason)
        {
            Skip = reason;
        }
        else if (!KernelTree.Candidates().Any(t => File.Exists(Path.Combine(t, file))))
        {
            Skip = $"no tree at hand holds {file}: set {KernelTree.Variable} to a folder that does, or put shared/reference beside the repository";
        }
    }
}
