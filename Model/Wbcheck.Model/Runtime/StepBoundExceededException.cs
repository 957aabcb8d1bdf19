namespace Wbcheck.Model.Runtime;

/// <summary>
/// Thrown by the sequential executor when one operation has passed more scheduling points than
/// its bound without ending: a loop that does not terminate (a spin), reported with the steps it
/// kept taking instead of hanging the test that ran it.
/// </summary>
public sealed class StepBoundExceededException(long bound, string loop)
    : Exception($"the operation passed {bound} scheduling points without ending, a loop that does not terminate? It kept taking: {loop}")
{
    public long Bound { get; } = bound;

    /// <summary>The steps of the last scheduling points, most frequent first, with their threads and counts.</summary>
    public string Loop { get; } = loop;
}
