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
    /// Another real bug the same cell may meet first, depending on the schedule the search
    /// takes: two consequences of one race, each caught by its own check. Null: only one.
    /// </summary>
    public BugFace? Or { get; init; }

    /// <summary>
    /// The fix landed between two of the model's eras, not with the change that ended the era
    /// before <see cref="Until"/>: the model keeps no era boundary there (end_page_writeback's
    /// reference came in 5.10, between 5.0 and 6.9; the page-table races' fixes are not iterator
    /// changes). The row then names its own commit and release.
    /// </summary>
    public bool FixedBetweenEras { get; init; }

    public bool Covers(string scenario, KernelEra era) => Scenario == scenario && era.AtLeast(From) && (Until is not { } until || era.Before(until));

    /// <summary>Whether <paramref name="bug"/> is this expected bug (or its other face).</summary>
    public bool Matches(BugReport bug) => (bug.Kind == Kind && bug.Source == Source) || (Or is { } other && other.Matches(bug));

    /// <summary>The change that fixed the bug met: this row's, or its other face's.</summary>
    public string FixedByOf(BugReport bug) => bug.Kind == Kind && bug.Source == Source ? FixedBy : Or is { } other && other.Matches(bug) ? other.FixedBy : FixedBy;

    public string Describe() => Describe(Kind, Source) + (Or is { } other ? $" or {Describe(other.Kind, other.Source)}" : "");

    /// <summary>A bug as the table names it: its kind, and what failed where the kind does not say it all.</summary>
    public static string Describe(BugKind kind, string source) => $"{Traces.TraceNames.Of(kind)}{(source.Length > 0 ? $" ({source})" : "")}";
}

/// <summary>The other bug a cell of <see cref="ExpectedBug"/> may show: its kind, its monitor and the change that fixed it.</summary>
public sealed record BugFace(BugKind Kind, string Source, string FixedBy)
{
    public bool Matches(BugReport bug) => bug.Kind == Kind && bug.Source == Source;
}
