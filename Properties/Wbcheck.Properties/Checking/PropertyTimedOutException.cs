namespace Wbcheck.Properties.Checking;

/// <summary>
/// A property check reached its <see cref="PropertyOptions.TimeLimit"/> after <see cref="Cases"/>
/// passing cases, before its budget of cases was spent: no counterexample found, and none ruled out.
/// </summary>
public sealed class PropertyTimedOutException(string property, int cases)
    : Exception($"property '{property}' stopped by its time limit after {cases} cases, no counterexample found")
{
    public string Property { get; } = property;

    /// <summary>The cases that ran and passed before the time was up.</summary>
    public int Cases { get; } = cases;
}
