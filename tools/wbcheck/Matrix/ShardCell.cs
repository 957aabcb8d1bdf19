using Wbcheck.Model;
using Wbcheck.Properties.Checking;

namespace Wbcheck.Cli.Matrix;

/// <summary>One cell of a shard file: <see cref="MatrixCell"/> without the trace itself, which is the file <see cref="TraceName"/>.</summary>
/// <param name="Index">The cell's place in the whole run's order (column by column, era by era).</param>
/// <param name="Kind">"trace" (a scenario's minimized trace), "counterexample" (a property's), or null when nothing was written.</param>
internal sealed record ShardCell(
    int Index,
    string Era,
    string Check,
    string Expected,
    string Found,
    string Short,
    string? FixedBy,
    string? NotApplicable,
    string? Problem,
    string? Kind,
    string? TraceName,
    string[]? ReplayArguments,
    CellCost? Cost = null,
    string? ProvedBy = null,
    ulong? Consulted = null,
    NotedCases? Notes = null)
{
    public const string TraceKind = "trace";

    public const string CounterexampleKind = "counterexample";

    public static ShardCell From(MatrixCell cell, int index) => new(
        index,
        cell.Era.Info().Version,
        cell.Column,
        cell.Expected,
        cell.Found,
        cell.Short,
        cell.FixedBy,
        cell.NotApplicable,
        cell.Problem,
        cell.Trace is not null ? TraceKind : cell.Counterexample is not null ? CounterexampleKind : null,
        cell.TracePath is null ? null : cell.TraceName,
        cell.ReplayArguments,
        cell.Cost,
        cell.ProvedBy?.Info().Version,
        cell.Consulted,
        cell.Notes);

    /// <summary>The cell as the run had it, on <paramref name="era"/>, before its trace or counterexample is read back.</summary>
    public MatrixCell ToCell(KernelEra era) => new()
    {
        Column = Check,
        Era = era,
        Expected = Expected,
        Found = Found,
        Short = Short,
        FixedBy = FixedBy,
        NotApplicable = NotApplicable,
        Problem = Problem,
        TraceName = TraceName,
        ReplayArguments = ReplayArguments,
        Cost = Cost ?? CellCost.None,
        ProvedBy = ProvedBy is null ? null : KernelEras.Parse(ProvedBy),
        Consulted = Consulted,
        Notes = Notes,
    };
}
