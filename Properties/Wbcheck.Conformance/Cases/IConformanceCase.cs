namespace Wbcheck.Conformance.Cases;

/// <summary>A generated case as both sides take it: the shim reads two arrays of longs, the model the case itself.</summary>
public interface IConformanceCase
{
    /// <summary>Per page index, what the shim sets up (empty when the case has no pages).</summary>
    long[] ShimPages();

    /// <summary>The rest of the case, in the order the target's driver reads it.</summary>
    long[] ShimControl();
}
