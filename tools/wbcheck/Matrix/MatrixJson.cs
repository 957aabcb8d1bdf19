using System.Text.Encodings.Web;
using System.Text.Json;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>The matrix as JSON, for scripts and CI: every cell with its expectation, finding, fix, and trace or counterexample.</summary>
internal static class MatrixJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(MatrixRun run, CliEnvironment environment) => JsonSerializer.Serialize(
        new
        {
            eras = run.Eras.Select(e => e.Info().Version),
            checks = run.Columns.Select(c => new { name = c.Name, kind = c.Kind, description = c.Description }),
            cells = run.Cells.Select(c => new
            {
                era = c.Era.Info().Version,
                check = c.Column,
                expected = c.Expected,
                found = c.Found,
                matches = c.Matches,
                problem = c.Problem,
                fixedBy = c.FixedBy,
                notApplicable = c.NotApplicable,
                noted = c.Notes is { } noted ? new { runs = noted.Runs, first = noted.First } : null,
                trace = c.Trace is null || c.TracePath is null ? null : environment.Show(c.TracePath),
                steps = c.Trace?.Steps.Count,
                counterexample = c.Counterexample is null || c.TracePath is null ? null : environment.Show(c.TracePath),
                replay = c.TracePath is null ? null : environment.Command(c.ReplayFor(environment.Show(c.TracePath))),
                proof = ProofOf(run, c),
                provedBy = c.ProvedBy?.Info().Version,
                proofSchedules = c.ProvedBy is null ? null : ProvingCell(run, c)?.Cost.Runs.Sum(r => r.Schedules),
                proofCases = c.ProvedBy is null ? null : ProvingCell(run, c)?.Cost.Cases,
                consulted = c.Consulted is { } consulted ? EraBoundaries.Named(consulted).Select(e => e.Info().Version) : null,
                seconds = c.Cost.Seconds,
                cpuSeconds = c.Cost.CpuSeconds,
                minimizeSeconds = c.Cost.MinimizeSeconds,
                cases = c.Cost.Cases,
                runs = c.Cost.Runs.Select(r => new { strategy = r.Strategy, schedules = r.Schedules, steps = r.Steps, seconds = r.Seconds }),
            }),
            mismatches = run.Mismatches.Count(),
            seconds = Math.Round(run.Elapsed.TotalSeconds, 1),
        },
        Options) + "\n";

    /// <summary>The cell whose run proved <paramref name="cell"/>, where the run has it.</summary>
    private static MatrixCell? ProvingCell(MatrixRun run, MatrixCell cell) =>
        run.Cells.FirstOrDefault(c => c.Column == cell.Column && c.Era == cell.ProvedBy);

    /// <summary>What a holding race-scenario cell was proven on ("full form, 3 threads, 6 pages"), else null.</summary>
    private static string? ProofOf(MatrixRun run, MatrixCell cell) =>
        cell is { Expected: "holds", NotApplicable: null } && run.Columns.First(c => c.Name == cell.Column).Kind != MatrixColumn.PropertyKind
            ? ProofForms.Describe(cell.Column, ScenarioOptions.Default with { Era = cell.Era })
            : null;
}
