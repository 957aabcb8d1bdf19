using System.CommandLine;
using Wbcheck.Cli.Matrix;
using Wbcheck.Cli.Progress;
using Wbcheck.Cli.Traces;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Properties.Matrix;

namespace Wbcheck.Cli.Commands;

/// <summary>
/// <c>wbcheck matrix</c>, the main job: every kernel era against every check with the default
/// budgets of the era-table tests; prints the table, writes the minimized trace of each bug found,
/// and exits 0 exactly when every cell is as the era table expects (1 otherwise, naming the cells).
/// </summary>
internal static class MatrixCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var output = CommonOptions.Out("Folder for the minimized traces of the bugs found");
        var seed = CommonOptions.Seed("Seed every search with S instead of the era-table tests' seeds (the verdicts should not change)");
        var parallel = CommonOptions.Count("--parallel", "Cells checked at once, one thread each (default: the number of processors)", Environment.ProcessorCount, 1);
        var json = new Option<bool>("--json") { Description = "Print the matrix as JSON instead of a table" };
        var eras = CommonOptions.Eras("Only this era (repeat for several); default every era");
        var shard = CommonOptions.ShardOption();
        shard.Description = "Check only share i of N of the cells (e.g. 2/4), to split the matrix across machines; writes its cells and traces to --out " +
                            "for wbcheck merge, which prints the tables of the whole run";
        var scenarios = new Option<string[]>("--check", "--scenario")
        {
            Description = "Only this scenario or property (repeat for several); default every scenario and property",
            HelpName = "NAME",
        };
        scenarios.Validators.Add(result =>
        {
            foreach (var name in result.Tokens.Select(t => t.Value).Where(n => MatrixColumns.All.All(c => c.Name != n)))
            {
                result.AddError($"unknown check '{name}'; known checks: {string.Join("; ", MatrixColumns.All.Select(c => c.Name))}");
            }
        });

        var everyCellRuns = new Option<bool>("--every-cell-runs")
        {
            Description = "Check every cell itself: no holding cell is proved by its earlier era's run, even where that run consulted no era boundary between them (to measure what those proofs save)",
        };
        var timeout = CommonOptions.Timeout();
        timeout.Description = "Stop after this long (90, 90s, 5m, 1h or 00:01:30): no cell starts after it, the tables print with every cell " +
                              "not finished by then shown as 'not checked' and named, and the exit is 1, as for any cell the run cannot say is as the era table expects";
        var command = new Command(
            "matrix",
            "Check every kernel era against every race scenario (and property) with default budgets; print the table, write the " +
            "minimized trace of each bug found, exit 0 exactly when every cell is as the era table expects, 1 otherwise (also when --timeout leaves cells not checked), 2 on bad options.")
        {
            output, seed, parallel, json, eras, scenarios, shard, timeout, everyCellRuns,
        };
        command.SetAction(parse =>
        {
            var chosenEras = parse.GetValue(eras) is { Length: > 0 } some ? some.Distinct().Order().ToArray() : Enum.GetValues<KernelEra>();
            var names = parse.GetValue(scenarios) ?? [];
            IReadOnlyList<MatrixColumn> columns = names.Length == 0 ? MatrixColumns.All : [.. MatrixColumns.All.Where(c => names.Contains(c.Name))];
            if (parse.GetValue(everyCellRuns))
            {
                columns = [.. columns.Select(c => c with { ExpectedToHold = null })];
            }

            var chosenSeed = parse.GetValue(seed);
            return Run(
                chosenEras,
                columns,
                chosenSeed,
                parse.GetValue(parallel),
                environment.Resolve(parse.GetValue(output)!),
                parse.GetValue(json),
                environment,
                parse.InvocationConfiguration.Output,
                parse.InvocationConfiguration.Error,
                parse.GetValue(shard),
                parse.GetValue(timeout));
        });
        return command;
    }

    internal static int Run(
        IReadOnlyList<KernelEra> eras,
        IReadOnlyList<MatrixColumn> columns,
        ulong? seed,
        int workers,
        string folder,
        bool json,
        CliEnvironment environment,
        TextWriter output,
        TextWriter error,
        Shard? shard = null,
        TimeSpan? timeout = null,
        CellBudget? cellBudget = null)
    {
        var chosen = cellBudget ?? CellBudget.Matrix;
        var budget = seed is { } s ? chosen.WithSeed(s) : chosen;
        var context = new MatrixContext(budget, new RunProgress(), environment) { PropertySeed = seed ?? EraProperty.DefaultSeed };
        var counter = new MatrixCounter();
        var share = MatrixRunner.Share(eras.Count * columns.Count, shard ?? Shard.Whole);
        var run = new ProgressDisplay(environment, error).Run(
            shard is { } part ? $"matrix shard {part}" : "matrix",
            elapsed => Status(counter, context.Progress, share.Length, elapsed),
            () => MatrixRunner.Run(eras, columns, context, workers, counter, shard, timeout));

        try
        {
            run = run with { Cells = [.. run.Cells.Select(cell => Write(cell, folder))] };
            if (shard is { } mine)
            {
                var file = MatrixShardFile.From(run, mine, seed, share);
                var path = TraceFiles.SaveText(file.ToJson(), folder, MatrixShardFile.NameFor(mine));
                output.Write(json ? file.ToJson() : ShardSummary(run, mine, path, environment));
                return run.Mismatches.Any() ? ExitCodes.BugFound : ExitCodes.Ok;
            }
        }
        catch (IOException exception)
        {
            error.WriteLine($"wbcheck matrix: cannot write the traces to '{environment.Show(folder)}': {exception.Message}");
            return ExitCodes.Usage;
        }

        output.Write(json ? MatrixJson.Render(run, environment) : MatrixReport.Render(run, environment));
        return run.Mismatches.Any() ? ExitCodes.BugFound : ExitCodes.Ok;
    }

    private static string ShardSummary(MatrixRun run, Shard shard, string path, CliEnvironment environment)
    {
        var mismatches = run.Mismatches.ToList();
        var text = $"Era matrix shard {shard}: {run.Cells.Count} of the {run.Eras.Count * run.Columns.Count} cells ({run.Eras.Count} kernel eras x {run.Columns.Count} checks), " +
                   $"{mismatches.Count} not as the era table expects{(mismatches.Count == 0 ? "" : ":")}\n";
        text += string.Concat(mismatches.Select(cell => $"  {cell.Era.Info().Version} {cell.Column}: {cell.Problem}\n"));
        return text + $"Cells written to {environment.Show(path)}; when every shard has run, print the tables with: " +
               $"{environment.Command("merge", "DIR...")}\n";
    }

    private static MatrixCell Write(MatrixCell cell, string folder) => cell switch
    {
        { Trace: { } trace } => cell with { TracePath = TraceFiles.Save(trace, folder, cell.TraceName!) },
        { Counterexample: { } text } => cell with { TracePath = TraceFiles.SaveText(text, folder, cell.TraceName!) },
        _ => cell,
    };

    private static ProgressStatus Status(MatrixCounter counter, RunProgress progress, int total, TimeSpan elapsed)
    {
        var done = counter.Done;
        var rate = elapsed.TotalSeconds > 0 ? progress.Iterations / elapsed.TotalSeconds : 0;
        // The costly cells come first, so an estimate from the first few would be far too high.
        TimeSpan? left = done > 0 && done * 4 >= total ? elapsed / done * (total - done) : null;
        var text = $"{done} of {total} cells, {ProgressStatus.Number(progress.Iterations)} schedules ({ProgressStatus.Number((long)rate)}/s), " +
                   $"{ProgressStatus.Count(progress.Bugs, "bug")}, {counter.Mismatches} not as expected";
        return new ProgressStatus(text, total > 0 ? (double)done / total : null, left);
    }
}
