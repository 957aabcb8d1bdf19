using Wbcheck.Conformance.Differential;
using Wbcheck.Conformance.Source;

namespace Wbcheck.Conformance.Tests;

/// <summary>
/// A test of a kernel function that only a whole tree holds (the seeds' patch does not show it):
/// it runs where WBCHECK_KERNEL_TREE or ../shared/reference holds <c>function</c> in the file the
/// target reads, and is otherwise skipped, saying which variable to set.
/// </summary>
public sealed class TreeDefinesFactAttribute : FactAttribute
{
    public TreeDefinesFactAttribute(string target, string function, string? version = null)
    {
        var conformanceTarget = ConformanceTargets.FindAll(target).First(t => version is null || t.Version == version);
        if (KernelTree.SkipReason() is null && Compiled.TreeHolding(conformanceTarget, function) is not null)
        {
            return;
        }

        Skip = $"no tree at hand defines {function} in {conformanceTarget.File} of {conformanceTarget.Versions}: " +
               $"set {KernelTree.Variable} to such a kernel tree (../shared/reference does not hold it)";
    }
}
