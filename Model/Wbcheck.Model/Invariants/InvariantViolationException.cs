namespace Wbcheck.Model.Invariants;

/// <summary>An invariant of writeback does not hold; the message says which and where.</summary>
public sealed class InvariantViolationException(string invariant, string message)
    : Exception($"{invariant}: {message}")
{
    public string Invariant { get; } = invariant;
}
