using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using Wbcheck.Cli.Commands;
using Wbcheck.Cli.SourceMap;
using Wbcheck.Cli.Tests.SourceMap.FixtureModel;
using Wbcheck.Model.Citations;

namespace Wbcheck.Cli.Tests.SourceMap;

public sealed class SourceMapCommandTests
{
    private static readonly IReadOnlyList<Citation> Writeback =
        ModelCatalog.Read([typeof(WritebackModel), typeof(WritebackModel.Readahead)]);

    private static readonly IReadOnlyList<Citation> InSync = ModelCatalog.Read([typeof(InSyncModel)]);

    [Fact]
    public void Strict_passes_when_every_citation_holds_and_fails_on_drift_or_a_missing_function()
    {
        Assert.Equal(0, Run(InSync, "--kernel", Fixture.Path("trees/v1"), "--strict").ExitCode);

        var drifted = InSync.Where(c => c.Function == "clear_dirty").ToList();
        var missing = InSync.Where(c => c.Function == "finish_io").ToList();
        Assert.Equal(SourceMapCommand.StrictFailure, Run(drifted, "--kernel", Fixture.Path("trees/v2"), "--strict").ExitCode);
        Assert.Equal(SourceMapCommand.StrictFailure, Run(missing, "--kernel", Fixture.Path("trees/v2"), "--strict").ExitCode);
        Assert.Equal(0, Run(InSync, "--kernel", Fixture.Path("trees/v2")).ExitCode);
    }

    [Fact]
    public void The_table_shows_every_status_the_first_change_of_a_drifted_body_and_the_uncovered_functions()
    {
        var (exitCode, output, error) = Run(Writeback, "--kernel", Fixture.Path("trees/v2"), "--baseline", Fixture.Path("trees/v1"));

        Assert.Equal((0, ""), (exitCode, error));
        var lines = output.Split('\n');
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^DRIFTED +WritebackModel\.Account +clear_dirty +mm/writeback\.c 1\.0 +mm/writeback\.c:24$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^in sync +WritebackModel\.StartIo +start_io +mm/writeback\.c 1\.0 +mm/writeback\.c:36$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^FUNCTION MISSING +WritebackModel\.FinishIo +finish_io +mm/writeback\.c 1\.0 +mm/writeback\.c$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^FILE MISSING +WritebackModel\.Readahead\.ReadPages +read_pages +mm/readahead\.c 1\.0 +-$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^no fingerprint +WritebackModel \(constructor\) +helper "));
        Assert.Contains("    line 28 (was 21): … dirty = 0 ; [- nr_dirty -- -] {+ account_dirty ( - 1 ) +} ; return 1 ; …", lines);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^  mm/writeback\.c +account_dirty +line 10$"));
        Assert.Contains(
            "7 citations: 2 in sync, 1 drifted, 1 without fingerprint, 1 function missing, 1 file missing, 1 not C source; 1 function not covered.",
            lines);

        // Aligned: every row of the table starts its FUNCTION column at the same place.
        var rows = lines.SkipWhile(l => !l.StartsWith("STATUS", StringComparison.Ordinal)).TakeWhile(l => l.Length > 0).ToList();
        Assert.Equal(8, rows.Count);
        Assert.Single(rows.Select(r => r.IndexOf(r.Split("  ", StringSplitOptions.RemoveEmptyEntries)[2].Trim(), StringComparison.Ordinal)).Distinct());
    }

    [Fact]
    public void The_json_report_carries_each_status_the_diff_and_the_summary()
    {
        var (exitCode, output, _) = Run(Writeback, "--kernel", Fixture.Path("trees/v2"), "--baseline", Fixture.Path("trees/v1"), "--json", "--strict");

        Assert.Equal(SourceMapCommand.StrictFailure, exitCode);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("9.1", root.GetProperty("kernelVersion").GetString());
        Assert.Equal(
            ["notCode", "fileMissing", "drifted", "functionMissing", "noFingerprint", "inSync", "inSync"],
            root.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("status").GetString()));
        var drifted = root.GetProperty("citations").EnumerateArray().Single(c => c.GetProperty("status").GetString() == "drifted");
        Assert.Equal("eee054f64f9dccf6", drifted.GetProperty("recordedFingerprint").GetString());
        Assert.Equal("71fcd9f8821ba2fb", drifted.GetProperty("currentFingerprint").GetString());
        Assert.Equal(["nr_dirty", "--"], drifted.GetProperty("diff").GetProperty("removed").EnumerateArray().Select(t => t.GetString()));
        var summary = root.GetProperty("summary");
        Assert.Equal((7, 2, 1, 1), (summary.GetProperty("citations").GetInt32(), summary.GetProperty("inSync").GetInt32(),
            summary.GetProperty("drifted").GetInt32(), summary.GetProperty("uncovered").GetInt32()));
        Assert.Equal("account_dirty", root.GetProperty("uncovered")[0].GetProperty("function").GetString());
    }

    [Fact]
    public void Record_prints_attributes_that_make_every_found_citation_in_sync_and_rewrites_nothing()
    {
        var before = File.ReadAllText(Fixture.Path("trees/v2/mm/writeback.c"));
        var (exitCode, output, _) = Run(Writeback, "--kernel", Fixture.Path("trees/v2"), "--record");

        Assert.Equal(0, exitCode);
        Assert.Contains("[Models(\"mm/writeback.c\", \"clear_dirty\", \"9.1\", Fingerprint = \"71fcd9f8821ba2fb\")]", output);
        var recorded = Regex.Matches(output, @"^\[Models\(""([^""]+)"", ""([^""]+)"", ""([^""]+)"", Fingerprint = ""([0-9a-f]{16})""\)\]$", RegexOptions.Multiline)
            .Select(m => new Citation("Recorded", m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value))
            .ToList();

        // Found: clear_dirty, helper, mark_dirty, start_io; not finish_io, read_pages or the document.
        Assert.Equal(["clear_dirty", "helper", "mark_dirty", "start_io"], recorded.Select(c => c.Function));
        var recheck = new SourceMapChecker(KernelSource.Open(Fixture.Path("trees/v2"))).Check(recorded);
        Assert.All(recheck.Checks, check => Assert.Equal(CitationStatus.InSync, check.Status));
        Assert.Equal(before, File.ReadAllText(Fixture.Path("trees/v2/mm/writeback.c")));
    }

    [Theory]
    [InlineData("trees/no-such-tree", ": no such directory")]
    [InlineData("trees/v1/mm/writeback.c", " is a file: give the folder that holds it, or the kernel tree's root")]
    public void A_bad_kernel_path_gives_one_line_on_stderr_and_exit_code_2(string path, string complaint)
    {
        var (exitCode, output, error) = Run(InSync, "--kernel", Fixture.Path(path));

        Assert.Equal((SourceMapCommand.BadInput, ""), (exitCode, output));
        Assert.Equal($"wbcheck source-map: {Fixture.Path(path)}{complaint}{Environment.NewLine}", error);
    }

    [Fact]
    public void An_unreadable_file_gives_one_line_on_stderr_and_exit_code_2()
    {
        var tree = Directory.CreateTempSubdirectory("wbcheck-srcmap-").FullName;
        try
        {
            var path = Path.Combine(tree, "writeback.c.1.0");
            File.Copy(Fixture.Path("trees/v1/mm/writeback.c"), path);

            // An exclusive lock makes the file unreadable even to root.
            string error;
            int exitCode;
            using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                (exitCode, _, error) = Run(InSync, "--kernel", tree);
            }

            Assert.Equal(SourceMapCommand.BadInput, exitCode);
            Assert.StartsWith($"wbcheck source-map: cannot read {path}: ", error, StringComparison.Ordinal);
            Assert.Single(error.TrimEnd().Split('\n'));
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    [Fact]
    public void Json_and_record_together_are_refused()
    {
        var (exitCode, _, error) = Run(InSync, "--kernel", Fixture.Path("trees/v1"), "--json", "--record");

        Assert.Equal(SourceMapCommand.BadInput, exitCode);
        Assert.StartsWith("wbcheck source-map: --json and --record", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_help_explains_both_forms_of_kernel_path()
    {
        var (_, output, _) = Run(InSync, "--help");

        Assert.Contains("kernel source tree's root", output);
        Assert.Contains("page-writeback.c.2.6.20", output);
    }

    private static (int ExitCode, string Output, string Error) Run(IReadOnlyList<Citation> citations, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand { SourceMapCommand.Create(() => citations) };
        var exitCode = root.Parse(["source-map", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
