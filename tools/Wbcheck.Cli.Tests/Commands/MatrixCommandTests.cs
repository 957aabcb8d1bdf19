using System.Text.Json;
using Wbcheck.Cli.Commands;
using Wbcheck.Cli.Matrix;
using Wbcheck.Cli.Tests.Support;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;
using Wbcheck.Properties.Matrix;

namespace Wbcheck.Cli.Tests.Commands;

/// <summary>
/// <c>wbcheck matrix</c> on a few cells (the whole matrix is the README's main job, not a unit
/// test): the table, the traces written, exit 0 when every cell matches and 1 naming the cells
/// that do not, with wrong expectations injected to prove it.
/// </summary>
public sealed class MatrixCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Cells_as_expected_are_exit_0_with_the_table_the_notes_and_the_traces()
    {
        var result = cli.Run("matrix", "--era", "2.6.20", "--era", "6.9", "--scenario", "write-fault-vs-truncate", "--scenario", "reclaim-writeout-pagelock", "--out", "out");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        var lines = result.Output.Split('\n');
        Assert.Equal("Era matrix: 2 kernel eras x 2 checks", lines[0]);
        Assert.Equal(["        reclaim-", "        writeout-  write-fault-", "era     pagelock   vs-truncate"], lines[2..5]);
        Assert.Equal("2.6.20  holds      safety-monitor [1]", lines[6]);
        Assert.Equal("6.9     holds      holds", lines[7]);
        Assert.Contains("  [1] safety-monitor (accounting) or safety-monitor (truncate and reclaim safety): fixed by 2d6d7f982846 (\"mm: protect set_page_dirty() from ongoing truncation\", 3.19)\n", result.Output);
        Assert.Contains("All 4 cells are as the era table expects.\n", result.Output);
        Assert.Contains("proof configurations of the holding cells (threads at the start; each bio's completion is one more):\n  reclaim-writeout-pagelock: full form, 2 threads, its fixed file\n  write-fault-vs-truncate: full form, 2 threads, its fixed file\n", result.Output);
        Assert.Contains("Minimized traces of the bugs found, replay with: wbcheck replay FILE\n", result.Output);
        Assert.Contains("out/write-fault-vs-truncate-2.6.20-min.trace.json", result.Output);
        var trace = BugTrace.Load(cli.Path("out/write-fault-vs-truncate-2.6.20-min.trace.json"));
        Assert.True(trace.Minimized);
        Assert.Equal(ExitCodes.Ok, cli.Run("replay", "out/write-fault-vs-truncate-2.6.20-min.trace.json").Exit);
        Assert.Single(Directory.GetFiles(cli.Path("out")));
    }

    [Fact]
    public void Cells_not_as_expected_are_exit_1_and_named()
    {
        // Claim that every cell of the scenario holds: its bug on 2.6.20 is then a mismatch.
        var column = ScenarioColumn.Create(WriteFaultVsTruncate.ScenarioName, _ => null);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = MatrixCommand.Run([KernelEra.V2_6_20, KernelEra.V6_9], [column], seed: null, 2, cli.Path("out"), json: false, cli.Environment, output, error);

        Assert.Equal(ExitCodes.BugFound, exit);
        var text = output.ToString();
        Assert.True(text.Contains("2.6.20  safety-monitor (!)\n", StringComparison.Ordinal), text);
        Assert.Contains("6.9     holds\n", text);
        Assert.Contains("1 of 2 cells are not as the era table expects (marked (!)):\n  2.6.20 write-fault-vs-truncate: expected it to hold, found safety-monitor: ", text);
        Assert.True(File.Exists(cli.Path("out/write-fault-vs-truncate-2.6.20-min.trace.json")), "the unexpected bug's trace is written too (found by the search of the proof configuration, the scenario's full form)");
    }

    [Fact]
    public void A_check_that_fails_is_a_cell_not_as_expected_and_the_others_still_run()
    {
        var broken = new MatrixColumn("broken", "scenario", "throws", (_, _) => throw new InvalidOperationException("no model for this"));
        var fine = ScenarioColumn.Create(ReclaimWriteout.PinnedName);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = MatrixCommand.Run([KernelEra.V6_9], [broken, fine], seed: null, 1, cli.Path("out"), json: false, cli.Environment, output, error);

        Assert.Equal(ExitCodes.BugFound, exit);
        Assert.True(output.ToString().Contains("6.9  error (!)  holds\n", StringComparison.Ordinal), output.ToString());
        Assert.Contains("  6.9 broken: the check failed: InvalidOperationException: no model for this\n", output.ToString());
    }

    [Fact]
    public void With_json_every_cell_is_an_object()
    {
        var result = cli.Run("matrix", "--json", "--era", "2.6.29", "--scenario", "write-fault-vs-truncate", "--out", "out", "--seed", "9", "--parallel", "1");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var cell = Assert.Single(json.RootElement.GetProperty("cells").EnumerateArray());
        Assert.Equal("2.6.29", cell.GetProperty("era").GetString());
        Assert.Equal("write-fault-vs-truncate", cell.GetProperty("check").GetString());
        Assert.Equal("safety-monitor (accounting) or safety-monitor (truncate and reclaim safety)", cell.GetProperty("expected").GetString());
        Assert.Equal("safety-monitor (accounting)", cell.GetProperty("found").GetString());
        Assert.True(cell.GetProperty("matches").GetBoolean());
        Assert.Equal("out/write-fault-vs-truncate-2.6.29-min.trace.json", cell.GetProperty("trace").GetString());
        Assert.Equal("wbcheck replay out/write-fault-vs-truncate-2.6.29-min.trace.json", cell.GetProperty("replay").GetString());
        Assert.Equal(JsonValueKind.Null, cell.GetProperty("proof").ValueKind);
        Assert.Equal(0, json.RootElement.GetProperty("mismatches").GetInt32());
    }

    [Fact]
    public void With_json_every_cell_says_what_it_cost()
    {
        var result = cli.Run("matrix", "--json", "--era", "2.6.29", "--era", "6.9", "--scenario", "write-fault-vs-truncate", "--check", "ascending lock order", "--out", "out", "--parallel", "1");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var cells = json.RootElement.GetProperty("cells").EnumerateArray().ToDictionary(c => (c.GetProperty("check").GetString(), c.GetProperty("era").GetString()));
        Assert.All(cells.Values, cell => Assert.True(cell.GetProperty("seconds").GetDouble() >= 0));

        // A bug cell: the search that found it (PCT first), and the minimization of its trace.
        var bug = cells[("write-fault-vs-truncate", "2.6.29")];
        var find = Assert.Single(bug.GetProperty("runs").EnumerateArray());
        Assert.Equal("pct", find.GetProperty("strategy").GetString());
        Assert.InRange(find.GetProperty("schedules").GetInt32(), 1, CellBudget.Matrix.FindIterations);
        Assert.True(find.GetProperty("steps").GetInt64() >= find.GetProperty("schedules").GetInt32());
        Assert.Equal(JsonValueKind.Number, bug.GetProperty("minimizeSeconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, bug.GetProperty("cases").ValueKind);

        // A holding cell: the DFS of its proof to the end, then PCT's whole budget on the full form.
        var holds = cells[("write-fault-vs-truncate", "6.9")];
        Assert.Equal(["dfs", "pct"], holds.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("strategy").GetString()));
        Assert.Equal(CellBudget.Matrix.HoldsIterations, holds.GetProperty("runs")[1].GetProperty("schedules").GetInt32());
        Assert.Equal(JsonValueKind.Null, holds.GetProperty("minimizeSeconds").ValueKind);

        // A property: every case where it holds, up to the failing one where it fails.
        var property = EraPropertyCatalog.All.Single(p => p.Name == "ascending lock order");
        Assert.Equal(property.CasesOn(KernelEra.V6_9), cells[("ascending lock order", "6.9")].GetProperty("cases").GetInt32());
        Assert.InRange(cells[("ascending lock order", "2.6.29")].GetProperty("cases").GetInt32(), 1, property.CasesOn(KernelEra.V2_6_29) - 1);
        Assert.Empty(cells[("ascending lock order", "2.6.29")].GetProperty("runs").EnumerateArray());
    }

    [Fact]
    public void A_holding_cell_in_json_says_what_it_was_proven_on()
    {
        var result = cli.Run("matrix", "--json", "--era", "6.9", "--scenario", "write-fault-vs-truncate", "--out", "out", "--parallel", "1");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var cell = Assert.Single(json.RootElement.GetProperty("cells").EnumerateArray());
        Assert.Equal("holds", cell.GetProperty("found").GetString());
        Assert.Equal("full form, 2 threads, its fixed file", cell.GetProperty("proof").GetString());
    }

    [Fact]
    public void Property_cells_are_checked_against_the_catalog_and_their_counterexamples_written()
    {
        var result = cli.Run("matrix", "--era", "2.5.31", "--era", "4.17", "--era", "6.9", "--check", "ascending lock order", "--out", "out");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        var lines = result.Output.Split('\n');
        Assert.Equal("Era matrix: 3 kernel eras x 1 checks", lines[0]);
        Assert.Equal("property              2.5.31   4.17       6.9", lines[2]);
        Assert.Equal("ascending lock order  n/a [1]  fails [2]  holds", lines[4]);
        Assert.Contains("  [1] n/a: the list era's walk locks pages in io_pages' order, not index order", result.Output);
        Assert.Contains("  [2] fails: fixed by 64081362e8ff (", result.Output);
        Assert.Contains("All 3 cells are as the era table expects.\n", result.Output);
        Assert.Contains("  4.17  ascending lock order  out/ascending-lock-order-4.17.counterexample.txt\n", result.Output);
        var counterexample = File.ReadAllText(cli.Path("out/ascending-lock-order-4.17.counterexample.txt"));
        Assert.Contains("locked page 0 after page 1 in one writeback pass", counterexample);
        var replay = counterexample.Split('\n').Single(l => l.StartsWith("replay: ", StringComparison.Ordinal))["replay: wbcheck ".Length..];
        Assert.Equal(ExitCodes.BugFound, cli.Run(["property", "ascending lock order", "--era", "4.17", "--replay", replay.Split(' ')[^1]]).Exit);
        Assert.Single(Directory.GetFiles(cli.Path("out")));
    }

    /// <summary>
    /// What a property cell's cases noted and did not fail on reaches the matrix: 2.6.20's known
    /// budget overshoot (docs/eras.md sections 99 and 111) as a note of the cell in the table and
    /// as the cell's "noted" in JSON; a cell whose cases noted nothing has none.
    /// </summary>
    [Fact]
    public void A_cell_whose_cases_noted_the_era_s_overshoot_shows_the_note_in_text_and_json()
    {
        var result = cli.Run("matrix", "--era", "2.6.20", "--era", "6.9", "--check", "ascending lock order", "--out", "out", "--parallel", "1");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        var lines = result.Output.Split('\n');
        Assert.Equal("ascending lock order  holds [1]  holds", lines[4]);
        Assert.Matches(
            @"\n  \[1\] noted, not failed, in [1-9]\d* case runs? \(a failing check's shrinking runs counted too\), the first: background writeback bounded by nr_to_write: page \d+ of inode \d+ starts writeback in a WB_SYNC_NONE pass whose nr_to_write is spent \(0\) \(the era's kernel behaviour, as the budget property's catalog row records\)\n",
            result.Output);

        var json = cli.Run("matrix", "--json", "--era", "2.6.20", "--era", "6.9", "--check", "ascending lock order", "--out", "out", "--parallel", "1");
        Assert.True(json.Exit == ExitCodes.Ok, json.ToString());
        using var document = JsonDocument.Parse(json.Output);
        var cells = document.RootElement.GetProperty("cells").EnumerateArray().ToDictionary(c => c.GetProperty("era").GetString()!);
        var noted = cells["2.6.20"].GetProperty("noted");
        Assert.True(noted.GetProperty("runs").GetInt32() >= 1);
        Assert.StartsWith("background writeback bounded by nr_to_write: page ", noted.GetProperty("first").GetString(), StringComparison.Ordinal);
        Assert.Contains($"in {noted.GetProperty("runs").GetInt32()} case run", result.Output);
        Assert.Equal(JsonValueKind.Null, cells["6.9"].GetProperty("noted").ValueKind);
    }

    [Fact]
    public void Scenarios_and_properties_are_two_tables()
    {
        var result = cli.Run("matrix", "--era", "6.9", "--check", "reclaim-writeout-pagelock", "--check", "ascending lock order", "--out", "out");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.Contains("Race scenarios:\n", result.Output);
        Assert.Contains("\nProperties:\nproperty              6.9\n", result.Output);
        Assert.Contains("ascending lock order  holds\n", result.Output);
    }

    [Fact]
    public void Property_cells_not_as_expected_are_exit_1_and_named()
    {
        var property = EraPropertyCatalog.Find("ascending lock order");
        var claimsHolds = PropertyColumn.Create(property, _ => null);
        var claimsFails = PropertyColumn.Create(property, _ => new EraExpectation(KernelEra.V2_6_20, null, property.Failures[0].FixedBy, "a made-up failure"));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = MatrixCommand.Run([KernelEra.V4_17, KernelEra.V6_9], [claimsHolds], seed: null, 1, cli.Path("out"), json: false, cli.Environment, output, error);
        var second = MatrixCommand.Run([KernelEra.V6_9], [claimsFails], seed: null, 1, cli.Path("out2"), json: false, cli.Environment, output, error);

        Assert.Equal(ExitCodes.BugFound, exit);
        Assert.Equal(ExitCodes.BugFound, second);
        var text = output.ToString();
        Assert.Contains("ascending lock order  fails (!)  holds\n", text);
        Assert.Contains("  4.17 ascending lock order: expected it to hold, found a counterexample: ", text);
        Assert.Contains("  6.9 ascending lock order: expected it to fail (a made-up failure), but 1000 cases from seed 20240309 found no counterexample\n", text);
        Assert.True(File.Exists(cli.Path("out/ascending-lock-order-4.17.counterexample.txt")));
    }

    [Fact]
    public void With_json_a_property_cell_names_its_counterexample_and_replay()
    {
        var result = cli.Run("matrix", "--json", "--era", "4.17", "--check", "ascending lock order", "--out", "out");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("property", json.RootElement.GetProperty("checks")[0].GetProperty("kind").GetString());
        var cell = Assert.Single(json.RootElement.GetProperty("cells").EnumerateArray());
        Assert.Equal("fails", cell.GetProperty("expected").GetString());
        Assert.Equal("fails", cell.GetProperty("found").GetString());
        Assert.Equal(JsonValueKind.Null, cell.GetProperty("trace").ValueKind);
        Assert.Equal("out/ascending-lock-order-4.17.counterexample.txt", cell.GetProperty("counterexample").GetString());
        Assert.StartsWith("wbcheck property 'ascending lock order' --era 4.17 --replay ", cell.GetProperty("replay").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_columns_are_every_scenario_of_the_catalog_and_the_rows_every_era()
    {
        Assert.Equal(ScenarioCatalog.Names, MatrixColumns.Scenarios.Select(c => c.Name));
        Assert.Equal(EraPropertyCatalog.All.Select(p => p.Name), MatrixColumns.Properties.Select(c => c.Name));
        Assert.All(MatrixColumns.Properties, c => Assert.Equal(MatrixColumn.PropertyKind, c.Kind));
        Assert.Equal([.. MatrixColumns.Scenarios, .. MatrixColumns.Properties], MatrixColumns.All);
        Assert.Equal(Enum.GetValues<KernelEra>().Length, KernelEras.All.Count);
    }

    [Theory]
    [InlineData("wbcheck matrix: unknown check 'nope'; known checks: fsync-vs-dirtier; ", "--scenario", "nope")]
    [InlineData("wbcheck matrix: unknown kernel era '9.9'; known eras: ", "--era", "9.9")]
    [InlineData("wbcheck matrix: --parallel must be a whole number of at least 1, not '0'", "--parallel", "0")]
    public void Bad_input_is_one_line_on_stderr_and_exit_2(string message, params string[] args)
    {
        var result = cli.Run(["matrix", .. args]);

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith(message, result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_folder_that_cannot_be_written_is_exit_2()
    {
        File.WriteAllText(cli.Path("out"), "a file, not a folder");

        var result = cli.Run("matrix", "--era", "2.6.20", "--scenario", "write-fault-vs-truncate", "--out", "out");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith("wbcheck matrix: cannot write the traces to 'out': ", result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeout_reports_the_cells_not_finished_as_not_checked_with_the_tables_and_exit_1()
    {
        var result = cli.Run("matrix", "--scenario", "write-fault-vs-truncate", "--scenario", "tag/flag coherence", "--parallel", "1", "--timeout", "0.001", "--out", "out");

        Assert.True(result.Exit == ExitCodes.BugFound, result.ToString());
        Assert.StartsWith("Era matrix: ", result.Output);
        var named = result.Output.Split('\n').Where(l => l.Contains(": not checked: the --timeout was up before this cell finished", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(named);
        Assert.Contains("not checked (!)", result.Output);
        Assert.DoesNotContain("the check failed", result.Output);
    }

    [Fact]
    public void Cells_finished_within_the_timeout_are_reported_as_usual()
    {
        var result = cli.Run("matrix", "--era", "6.9", "--scenario", "write-fault-vs-truncate", "--timeout", "1h", "--out", "out");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.Contains("All 1 cells are as the era table expects.\n", result.Output);
    }
}
