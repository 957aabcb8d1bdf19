using Wbcheck.Conformance.Source;

namespace Wbcheck.Conformance.Tests;

/// <summary>The theory form of <see cref="KernelFactAttribute"/>.</summary>
public sealed class KernelTheoryAttribute : TheoryAttribute
{
    public KernelTheoryAttribute()
    {
        if (KernelTree.SkipReason() is { } reason)
        {
            Skip = reason;
        }
    }
}
