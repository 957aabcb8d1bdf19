using System.Text;
using Wbcheck.Cli.Output;
using Wbcheck.Cli.Progress;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// The matrix as text: era rows by scenario columns, then property rows by era columns, each cell
/// "holds" or the bug found, with a note number for the change that fixed it and one for what its
/// cases noted and did not fail on (an era's known budget overshoot); the notes; the cells
/// that differ from the era table; the minimized traces and counterexamples written, with the
/// commands that replay them.
/// </summary>
internal static class MatrixReport
{
    private const int HeaderWidth = 14;

    public static string Render(MatrixRun run, CliEnvironment environment)
    {
        var notes = new List<string>();
        int Note(string fix)
        {
            var index = notes.IndexOf(fix);
            if (index < 0)
            {
                notes.Add(fix);
                index = notes.Count - 1;
            }

            return index + 1;
        }

        string Shown(MatrixCell cell)
        {
            var shown = cell.NotApplicable is { } reason ? $"n/a [{Note($"n/a: {reason}")}]"
                : cell.ProvedBy is { } proof ? $"{cell.Short} [{Note($"holds: proved by the {proof.Info().Version} cell's run, which consulted no era boundary after {proof.Info().Version} (a run that decides the same everywhere)")}]"
                : cell.Short + (cell.Matches && cell.FixedBy is { } fix ? $" [{Note($"{cell.Expected}: fixed by {fix}")}]" : "");
            if (cell.Notes is { } noted)
            {
                shown += $" [{Note(noted.ToString())}]";
            }

            return cell.Matches ? shown : $"{shown} (!)";
        }

        var scenarios = run.Columns.Where(c => c.Kind != MatrixColumn.PropertyKind).ToList();
        var properties = run.Columns.Where(c => c.Kind == MatrixColumn.PropertyKind).ToList();
        var text = new StringBuilder();
        text.Append($"Era matrix: {run.Eras.Count} kernel eras x {run.Columns.Count} checks\n\n");
        if (scenarios.Count > 0)
        {
            if (properties.Count > 0)
            {
                text.Append("Race scenarios:\n");
            }

            // Eras down, scenarios across: the scenario names are short.
            var table = new TextTable([.. scenarios.Select(c => TextTable.Wrap(c.Name, HeaderWidth)).Prepend("era")]);
            foreach (var era in run.Eras)
            {
                table.Add([.. scenarios.Select(column => Shown(run.Cell(era, column))).Prepend(era.Info().Version)]);
            }

            text.Append(table);
            text.Append('\n');
        }

        if (properties.Count > 0)
        {
            if (scenarios.Count > 0)
            {
                text.Append("Properties:\n");
            }

            // Properties down, eras across: a property's name is a sentence.
            var table = new TextTable([.. run.Eras.Select(e => e.Info().Version).Prepend("property")]);
            foreach (var column in properties)
            {
                table.Add([.. run.Eras.Select(era => Shown(run.Cell(era, column))).Prepend(column.Name)]);
            }

            text.Append(table);
            text.Append('\n');
        }

        if (scenarios.Count > 0)
        {
            text.Append("holds: no schedule broke an invariant (stateful DFS of the proof configuration listed below to the end, preemption bound 2, then PCT on the full one)");
            text.Append(properties.Count > 0 ? ";\n" : "");
        }

        if (properties.Count > 0)
        {
            text.Append("a property holds when none of its cases (from a fixed seed, wbcheck list properties) is a counterexample; fails: FsCheck found one and shrank it");
        }

        text.Append(notes.Count == 0 ? ".\n" : ";\notherwise the kind of bug found, as the era table expects it:\n");
        for (var i = 0; i < notes.Count; i++)
        {
            text.Append($"  [{i + 1}] {notes[i]}\n");
        }

        AppendProofConfigurations(text, run, scenarios);
        var mismatches = run.Mismatches.ToList();
        text.Append('\n');
        if (mismatches.Count == 0)
        {
            text.Append($"All {run.Cells.Count} cells are as the era table expects.\n");
        }
        else
        {
            text.Append($"{mismatches.Count} of {run.Cells.Count} cells are not as the era table expects (marked (!)):\n");
            foreach (var cell in mismatches)
            {
                text.Append($"  {cell.Era.Info().Version} {cell.Column}: {cell.Problem}\n");
            }
        }

        var traces = run.Cells.Where(c => c.Trace is not null && c.TracePath is not null).ToList();
        if (traces.Count > 0)
        {
            text.Append($"\nMinimized traces of the bugs found, replay with: {environment.Command("replay", "FILE")}\n");
            var list = new TextTable("era", "check", "bug", "steps", "file");
            foreach (var cell in traces)
            {
                list.Add(cell.Era.Info().Version, cell.Column, cell.Found, cell.Trace!.Steps.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), environment.Show(cell.TracePath!));
            }

            text.Append(Indent(list.ToString()));
        }

        var counterexamples = run.Cells.Where(c => c.Counterexample is not null && c.TracePath is not null).ToList();
        if (counterexamples.Count > 0)
        {
            text.Append("\nShrunk counterexamples of the properties that failed (each file names the command that replays it):\n");
            var list = new TextTable("era", "property", "file");
            foreach (var cell in counterexamples)
            {
                list.Add(cell.Era.Info().Version, cell.Column, environment.Show(cell.TracePath!));
            }

            text.Append(Indent(list.ToString()));
        }

        text.Append($"\n{run.Cells.Count} cells in {ProgressStatus.Duration(run.Elapsed)} on {run.Workers} worker{(run.Workers == 1 ? "" : "s")}\n");
        return text.ToString();
    }

    private static string Indent(string text) => string.Concat(text.Split('\n').Select(l => l.Length > 0 ? "  " + l + "\n" : ""));

    /// <summary>What each scenario's holding cells were proven on (<see cref="ProofForms"/>): the matrix says how big its proofs are.</summary>
    private static void AppendProofConfigurations(StringBuilder text, MatrixRun run, List<MatrixColumn> scenarios)
    {
        var proven = scenarios
            .Select(column => (column.Name, Eras: run.Eras.Where(era => run.Cell(era, column) is { Expected: "holds", NotApplicable: null }).ToList()))
            .Where(c => c.Eras.Count > 0)
            .ToList();
        if (proven.Count == 0)
        {
            return;
        }

        text.Append("proof configurations of the holding cells (threads at the start; each bio's completion is one more):\n");
        foreach (var (name, eras) in proven)
        {
            text.Append($"  {name}: {ProofForms.DescribeAcross(name, eras)}\n");
        }
    }
}
