using Wbcheck.Concurrency.Bugs;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// One row of the expectation table: a scenario fails in the eras from <see cref="From"/> up to
/// (not including) <see cref="Until"/>, with this kind of bug from this monitor, and the change
/// that fixed it (a kernel commit, or why there is none).
/// </summary>
public sealed record ExpectedBug(string Scenario, KernelEra From, KernelEra? Until, BugKind Kind, string Source, string FixedBy)
{
    /// <summary>
    /// The fix landed inside the span of the era before <see cref="Until"/>, not in the change
    /// that ended it (a filesystem's fix, say): <see cref="FixedBy"/> names it with its release.
    /// </summary>
    public bool FixedInsideEra { get; init; }

    public bool Covers(string scenario, KernelEra era) => Scenario == scenario && era >= From && (Until is null || era < Until);

    /// <summary>Whether <paramref name="bug"/> is this expected bug.</summary>
    public bool Matches(BugReport bug) => bug.Kind == Kind && bug.Source == Source;

    public string Describe() => Describe(Kind, Source);

    /// <summary>A bug as the table names it: its kind, and what failed where the kind does not say it all.</summary>
    public static string Describe(BugKind kind, string source) => $"{Traces.TraceNames.Of(kind)}{(source.Length > 0 ? $" ({source})" : "")}";
}
