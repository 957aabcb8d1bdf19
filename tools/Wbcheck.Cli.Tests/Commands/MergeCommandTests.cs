using System.Text.RegularExpressions;
using Wbcheck.Cli.Commands;
using Wbcheck.Cli.Matrix;
using Wbcheck.Cli.Tests.Support;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Cli.Tests.Commands;

/// <summary>
/// <c>wbcheck matrix --shard i/N</c> and <c>wbcheck merge</c>: the shards of a small selection,
/// merged, print the unsharded run's tables and write its files byte for byte (the run's duration
/// aside, which is the slowest shard's) with its exit code; shards that are not every share of
/// one run are refused with one line and exit 2.
/// </summary>
public sealed class MergeCommandTests : IDisposable
{
    // A trace (write-fault-vs-truncate on 2.6.29), two counterexamples (ascending lock order on
    // 2.6.29 and 4.17), cells that hold: every kind of cell, each cheap.
    private static readonly string[] Selection =
    [
        "--era", "6.9", "--era", "2.6.29", "--era", "4.17",
        "--check", "write-fault-vs-truncate", "--check", "reclaim-writeout-pagelock", "--check", "ascending lock order",
    ];

    private static readonly string[] Small = ["--era", "6.9", "--check", "reclaim-writeout-pagelock", "--check", "ascending lock order"];

    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Two_shards_merged_are_the_unsharded_run_byte_for_byte()
    {
        var whole = cli.Run(["matrix", .. Selection, "--out", "out", "--parallel", "2"]);
        var files = Files("out");
        Directory.Delete(cli.Path("out"), recursive: true);

        var first = cli.Run(["matrix", .. Selection, "--out", "shard-1", "--parallel", "1", "--shard", "1/2"]);
        var second = cli.Run(["matrix", .. Selection, "--out", "shard-2", "--parallel", "1", "--shard", "2/2"]);
        var merged = cli.Run("merge", "shard-1", "shard-2", "--out", "out");

        Assert.True(whole.Exit == ExitCodes.Ok, whole.ToString());
        Assert.Equal(ExitCodes.Ok, first.Exit);
        Assert.Equal(ExitCodes.Ok, second.Exit);
        Assert.StartsWith("Era matrix shard 1/2: 5 of the 9 cells (3 kernel eras x 3 checks), 0 not as the era table expects\n", first.Output, StringComparison.Ordinal);
        Assert.Contains("Cells written to shard-2/matrix-shard-2-of-2.json; when every shard has run, print the tables with: wbcheck merge DIR...\n", second.Output);
        Assert.True(merged.Exit == ExitCodes.Ok, merged.ToString());
        Assert.Equal("", merged.Error);
        Assert.Contains("out/write-fault-vs-truncate-2.6.29-min.trace.json", merged.Output);
        Assert.Contains("9 cells in ", merged.Output);
        Assert.Equal(WithoutDuration(whole.Output), WithoutDuration(merged.Output));
        // Traces of write-fault-vs-truncate 2.6.29, reclaim-writeout-pagelock 4.17 (the end of
        // writeback's use-after-free) and the lock-order counterexample 2.6.29 and 4.17.
        Assert.Equal(4, files.Count);
        Assert.Equal(files, Files("out"));
    }

    [Fact]
    public void Three_shards_merged_as_json_are_the_unsharded_runs_json()
    {
        var whole = cli.Run(["matrix", .. Selection, "--out", "out", "--json", "--seed", "9"]);
        Directory.Delete(cli.Path("out"), recursive: true);

        var shards = Enumerable.Range(1, 3).Select(i => cli.Run(["matrix", .. Selection, "--out", $"s{i}", "--seed", "9", "--shard", $"{i}/3"])).ToList();
        var merged = cli.Run("merge", "--json", "s3", "s1", "s2", "--out", "out");

        Assert.All(shards, shard => Assert.Equal(ExitCodes.Ok, shard.Exit));
        Assert.True(merged.Exit == ExitCodes.Ok, merged.ToString());
        Assert.Contains("\"trace\": \"out/write-fault-vs-truncate-2.6.29-min.trace.json\"", merged.Output);
        Assert.Equal(WithoutDuration(whole.Output), WithoutDuration(merged.Output));
    }

    [Fact]
    public void Cells_not_as_expected_in_a_shard_are_the_merged_runs_exit_1_and_named()
    {
        // Claim that every cell of the scenario holds: its bug on 2.6.29 is then a mismatch, in shard 2/2.
        var column = ScenarioColumn.Create(WriteFaultVsTruncate.ScenarioName, _ => null);
        KernelEra[] eras = [KernelEra.V2_6_29, KernelEra.V6_9];
        using var output = new StringWriter();
        using var error = new StringWriter();
        var whole = MatrixCommand.Run(eras, [column], seed: null, 2, cli.Path("out"), json: false, cli.Environment, output, error);
        Directory.Delete(cli.Path("out"), recursive: true);
        var shards = new[] { 1, 2 }.Select(i => MatrixCommand.Run(eras, [column], seed: null, 1, cli.Path($"s{i}"), json: false, cli.Environment, TextWriter.Null, error, new Shard(i, 2))).ToList();

        var merged = cli.Run("merge", "s1", "s2", "--out", "out");

        Assert.Equal(ExitCodes.BugFound, whole);
        Assert.Equal([ExitCodes.BugFound, ExitCodes.Ok], shards);
        Assert.Equal(ExitCodes.BugFound, merged.Exit);
        Assert.Contains("1 of 2 cells are not as the era table expects (marked (!)):\n  2.6.29 write-fault-vs-truncate: expected it to hold, found safety-monitor", merged.Output);
        Assert.Equal(WithoutDuration(output.ToString()), WithoutDuration(merged.Output));
    }

    [Fact]
    public void Shards_written_to_one_folder_merge_from_it()
    {
        var whole = cli.Run(["matrix", .. Selection, "--out", "whole", "--parallel", "2"]);
        var files = Files("whole");
        Directory.Delete(cli.Path("whole"), recursive: true);
        cli.Run(["matrix", .. Selection, "--out", "out", "--parallel", "1", "--shard", "2/2"]);
        cli.Run(["matrix", .. Selection, "--out", "out", "--parallel", "1", "--shard", "1/2"]);

        var merged = cli.Run("merge", "out", "--out", "whole");

        Assert.True(merged.Exit == ExitCodes.Ok, merged.ToString());
        Assert.Equal(WithoutDuration(whole.Output), WithoutDuration(merged.Output));
        Assert.Equal(files, Files("whole"));
    }

    [Fact]
    public void A_missing_shard_is_refused()
    {
        cli.Run(["matrix", .. Small, "--out", "s1", "--shard", "1/3"]);
        cli.Run(["matrix", .. Small, "--out", "s3", "--shard", "3/3"]);

        var result = cli.Run("merge", "s1", "s3", "--out", "out");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal("wbcheck merge: shard 2/3 of the run is missing: give the --out folder of every `wbcheck matrix --shard i/N` of the run", result.ErrorLine);
        Assert.Equal("", result.Output);
        Assert.False(Directory.Exists(cli.Path("out")));
    }

    [Fact]
    public void A_shard_of_a_run_split_two_billion_ways_is_refused_in_one_line_without_listing_the_missing()
    {
        // The fuzz of mutated shards found it: the merge listed every missing shard, two billion
        // of them, and the test host was killed at 21-23 GB.
        cli.Run(["matrix", .. Small, "--out", "s1", "--shard", "1/2147483647"]);
        var allocated = GC.GetAllocatedBytesForCurrentThread();

        var result = cli.Run("merge", "s1", "--out", "out");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal(
            "wbcheck merge: shards 2/2147483647, 3/2147483647, 4/2147483647, 5/2147483647, 6/2147483647 and 2147483641 more of the run are missing: " +
            "give the --out folder of every `wbcheck matrix --shard i/N` of the run",
            result.ErrorLine);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocated, 0, 64L << 20);
    }

    [Theory]
    [InlineData("is not of the same run as shard 1/2 ('s1/matrix-shard-1-of-2.json'): seed 9, not the era-table tests' seeds", "--seed", "9")]
    [InlineData("is not of the same run as shard 1/2 ('s1/matrix-shard-1-of-2.json'): eras 4.17 6.9, not 6.9", "--era", "4.17")]
    [InlineData("is not of the same run as shard 1/2 ('s1/matrix-shard-1-of-2.json'): checks reclaim-writeout-pagelock; accounting; ascending lock order, not reclaim-writeout-pagelock; ascending lock order; merge only", "--check", "accounting")]
    public void A_shard_of_another_run_is_refused(string message, params string[] other)
    {
        cli.Run(["matrix", .. Small, "--out", "s1", "--shard", "1/2"]);
        cli.Run(["matrix", .. Small, .. other, "--out", "s2", "--shard", "2/2"]);

        var result = cli.Run("merge", "s1", "s2", "--out", "out");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith($"wbcheck merge: shard 2/2 ('s2/matrix-shard-2-of-2.json') {message}", result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shard_of_a_run_split_otherwise_is_refused()
    {
        cli.Run(["matrix", .. Small, "--out", "s1", "--shard", "1/2"]);
        cli.Run(["matrix", .. Small, "--out", "s2", "--shard", "2/3"]);

        var result = cli.Run("merge", "s1", "s2");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal("wbcheck merge: shard 2/3 ('s2/matrix-shard-2-of-3.json') is not of the same run as shard 1/2 ('s1/matrix-shard-1-of-2.json'): a run split in 3 shards, not 2; merge only the shards of one run", result.ErrorLine);
    }

    [Fact]
    public void A_shard_given_twice_overlaps_and_is_refused()
    {
        cli.Run(["matrix", .. Small, "--out", "s1", "--shard", "1/2"]);
        cli.Run(["matrix", .. Small, "--out", "s2", "--shard", "2/2"]);
        Directory.CreateDirectory(cli.Path("again"));
        File.Copy(cli.Path("s1/matrix-shard-1-of-2.json"), cli.Path("again/matrix-shard-1-of-2.json"));

        var result = cli.Run("merge", "s1", "s2", "again");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal("wbcheck merge: shard 1/2 is given more than once ('s1/matrix-shard-1-of-2.json', 'again/matrix-shard-1-of-2.json'): the shards overlap; give each shard's folder once", result.ErrorLine);
    }

    [Fact]
    public void A_shard_of_another_model_version_is_refused()
    {
        cli.Run(["matrix", .. Small, "--out", "s1", "--shard", "1/2"]);
        cli.Run(["matrix", .. Small, "--out", "s2", "--shard", "2/2"]);
        foreach (var shard in new[] { "s1/matrix-shard-1-of-2.json", "s2/matrix-shard-2-of-2.json" })
        {
            File.WriteAllText(cli.Path(shard), File.ReadAllText(cli.Path(shard)).Replace(ModelVersion.Current, "wbcheck-model/0", StringComparison.Ordinal));
        }

        var result = cli.Run("merge", "s1", "s2");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal($"wbcheck merge: the shards were run on model wbcheck-model/0 but this wbcheck is model {ModelVersion.Current}; merge them with the wbcheck that ran them", result.ErrorLine);
    }

    [Fact]
    public void A_shard_whose_cells_were_edited_is_refused()
    {
        cli.Run(["matrix", .. Small, "--out", "s1", "--shard", "1/2"]);
        cli.Run(["matrix", .. Small, "--out", "s2", "--shard", "2/2"]);
        var path = cli.Path("s2/matrix-shard-2-of-2.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"index\": 1", "\"index\": 0", StringComparison.Ordinal));

        var result = cli.Run("merge", "s1", "s2");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal("wbcheck merge: shard 2/2 ('s2/matrix-shard-2-of-2.json') does not hold the cells of shard 2/2; was it edited? Run that shard again", result.ErrorLine);
    }

    [Fact]
    public void A_shard_whose_cell_cost_lists_a_null_run_is_refused_in_one_line()
    {
        cli.Run(["matrix", .. Small, "--out", "s1", "--shard", "1/2"]);
        cli.Run(["matrix", .. Small, "--out", "s2", "--shard", "2/2"]);
        var path = cli.Path("s1/matrix-shard-1-of-2.json");
        var text = File.ReadAllText(path);
        Assert.Contains("\"runs\": [\n", text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace("\"runs\": [\n", "\"runs\": [ null,\n", StringComparison.Ordinal));

        var result = cli.Run("merge", "s1", "s2");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith("wbcheck merge: cannot read the shard ", result.ErrorLine, StringComparison.Ordinal);
        Assert.EndsWith("a cell's cost lists a run that is null; was it edited?", result.ErrorLine, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wbcheck merge: 'nowhere' is not a folder: give the --out folder of each `wbcheck matrix --shard i/N` of the run", "nowhere")]
    [InlineData("wbcheck merge: 'empty' holds no matrix shard (matrix-shard-I-of-N.json): give the --out folder of each `wbcheck matrix --shard i/N` of the run", "empty")]
    [InlineData("wbcheck merge: argument 2 contains a NUL character, which no name, number or path may hold", "a\u0000b")]
    [InlineData("wbcheck merge: Required argument missing for command: 'merge'.")]
    public void Folders_without_shards_are_refused(string message, params string[] folders)
    {
        Directory.CreateDirectory(cli.Path("empty"));

        var result = cli.Run(["merge", .. folders]);

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal(message, result.ErrorLine);
    }

    [Theory]
    [InlineData("3/2", "wbcheck matrix: shard 3/2 does not exist: shards are numbered 1 to N, e.g. 2/4")]
    [InlineData("half", "wbcheck matrix: 'half' is not a shard: write i/N, e.g. 2/4 for the second of four")]
    public void A_bad_shard_is_exit_2(string shard, string message)
    {
        var result = cli.Run(["matrix", .. Small, "--shard", shard]);

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal(message, result.ErrorLine);
    }

    /// <summary>The bytes of every file in <paramref name="folder"/>, by name.</summary>
    private SortedDictionary<string, string> Files(string folder) =>
        new(Directory.GetFiles(cli.Path(folder)).ToDictionary(path => Path.GetFileName(path), path => Convert.ToBase64String(File.ReadAllBytes(path))), StringComparer.Ordinal);

    /// <summary>The output with the run's duration (wall-clock time, different on every run) blanked.</summary>
    private static string WithoutDuration(string output) => Duration.Replace(output, "${1}T${2}");

    private static readonly Regex Duration = new(@"(\d+ cells in |""\w*[sS]econds"": )[^\n]*?( on \d+ workers?|\n)");
}
