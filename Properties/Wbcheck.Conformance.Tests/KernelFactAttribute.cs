using Wbcheck.Conformance.Source;

namespace Wbcheck.Conformance.Tests;

/// <summary>
/// A test that reads kernel functions at run time: from ../shared/reference (CI has it) or the tree
/// WBCHECK_KERNEL_TREE names. Only where neither exists is it skipped, saying which variable to
/// set (xunit 2 decides skips when it discovers the tests, so this is read then).
/// </summary>
public sealed class KernelFactAttribute : FactAttribute
{
    public KernelFactAttribute()
    {
        if (KernelTree.SkipReason() is { } reason)
        {
            Skip = reason;
        }
    }
}
