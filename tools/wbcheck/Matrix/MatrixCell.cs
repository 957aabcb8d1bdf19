using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;
using Wbcheck.Properties.Checking;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// One checked cell of the matrix: what the era table expects, what was found (as the table
/// names bugs), why they differ, and what shows the bug found, to be written out: a scenario's
/// minimized trace, or a property's shrunk counterexample.
/// </summary>
internal sealed record MatrixCell
{
    public required string Column { get; init; }

    public required KernelEra Era { get; init; }

    /// <summary>"holds", or the expected bug ("deadlock", "safety-monitor (integrity)").</summary>
    public required string Expected { get; init; }

    /// <summary>"holds", or the bug found.</summary>
    public required string Found { get; init; }

    /// <summary>Short text for the table: "holds", "deadlock", or the monitor that failed ("integrity").</summary>
    public required string Short { get; init; }

    /// <summary>The change that fixed the expected bug (a kernel commit, or why there is none).</summary>
    public string? FixedBy { get; init; }

    /// <summary>Why the check does not apply to this era ("n/a" cells); null when it does.</summary>
    public string? NotApplicable { get; init; }

    /// <summary>Why the cell does not match its expectation; null when it does.</summary>
    public string? Problem { get; init; }

    public bool Matches => Problem is null;

    /// <summary>A cell whose check cannot be built on <paramref name="era"/>: shown as such, with the reason, rather than passing unrun.</summary>
    public static MatrixCell NotApplicableCell(string column, KernelEra era, string reason) => new()
    {
        Column = column,
        Era = era,
        Expected = "n/a",
        Found = "n/a",
        Short = "n/a",
        NotApplicable = reason,
    };

    /// <summary>
    /// A cell a <c>--timeout</c> stopped before it finished (or before it started): not checked,
    /// so a mismatch, since the run cannot say it is as the era table expects.
    /// </summary>
    public static MatrixCell NotCheckedCell(string column, KernelEra era) => new()
    {
        Column = column,
        Era = era,
        Expected = "?",
        Found = "not checked",
        Short = "not checked",
        Problem = "not checked: the --timeout was up before this cell finished",
    };

    /// <summary>A scenario's bug: its minimized trace.</summary>
    public BugTrace? Trace { get; init; }

    /// <summary>A property's failure: its counterexample as text (<see cref="Counterexamples.CounterexampleText"/>).</summary>
    public string? Counterexample { get; init; }

    /// <summary>The file name to write the trace or the counterexample as.</summary>
    public string? TraceName { get; init; }

    /// <summary>Where the trace or the counterexample was written, once it was.</summary>
    public string? TracePath { get; init; }

    /// <summary>The command that replays a property's failing case; a trace is replayed by <c>wbcheck replay</c> on its file.</summary>
    public string[]? ReplayArguments { get; init; }

    /// <summary>
    /// The era boundaries (<see cref="EraBoundaries"/>) the cell's run consulted, or of the run that
    /// proved it; null where no run was recorded (n/a, an error).
    /// </summary>
    public ulong? Consulted { get; init; }

    /// <summary>The earlier era whose run proved this cell (<see cref="EarlierProof"/>); null where the cell ran itself.</summary>
    public KernelEra? ProvedBy { get; init; }

    /// <summary>
    /// What a property cell's cases noted and did not fail on (an era's known budget overshoot:
    /// <see cref="CaseNotes"/>); null when nothing, and for a cell another
    /// era's run proved.
    /// </summary>
    public NotedCases? Notes { get; init; }

    /// <summary>What checking the cell cost: its seconds, and the schedules or cases it ran.</summary>
    public CellCost Cost { get; init; } = CellCost.None;

    /// <summary>The arguments that replay what was written to <paramref name="shownPath"/>.</summary>
    public string[] ReplayFor(string shownPath) => ReplayArguments ?? ["replay", shownPath];
}
