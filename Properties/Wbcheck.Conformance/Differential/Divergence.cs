namespace Wbcheck.Conformance.Differential;

/// <summary>
/// What one case gave: the two event sequences, and, when they differ, the recorded abstraction
/// that explains the difference exactly (null when none does: a divergence).
/// </summary>
public sealed record CaseOutcome(IReadOnlyList<string> Kernel, IReadOnlyList<string> Model, Abstraction? ExplainedBy)
{
    public bool Equal => SideBySide.FirstDifference(Kernel, Model) < 0;

    public bool Diverges => !Equal && ExplainedBy is null;
}
