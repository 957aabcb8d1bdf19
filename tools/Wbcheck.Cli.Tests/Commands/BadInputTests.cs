using System.Text.Json.Nodes;
using Wbcheck.Cli.Tests.Support;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;

namespace Wbcheck.Cli.Tests.Commands;

/// <summary>
/// Inputs found to end in an internal error (exit 3), a hang or a memory blow-up: each is now one
/// line on standard error, prefixed with the command, and exit 2; or, where the input is good, the
/// work it asks for is bounded and done.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly CliRunner cli = new();
    private readonly BugTrace deadlock = CellCheck.Run(CyclicWrapDeadlock.ScenarioName, KernelEra.V2_6_29).Bug!;

    public void Dispose() => cli.Dispose();

    [Fact]
    public void A_scenario_that_does_not_apply_to_the_default_era_is_exit_2()
    {
        var result = cli.Run("test", BioRedirty.FastDirtierName);

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith($"wbcheck test: scenario '{BioRedirty.FastDirtierName}' does not apply to 6.10: ", result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trace_edited_to_a_cell_that_does_not_apply_is_exit_2()
    {
        var json = Json(deadlock);
        json["program"] = BioRedirty.FastDirtierName;
        json["parameters"]!["era"] = "6.9";
        Refit(json);

        var result = Replay(json);

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Contains($"scenario '{BioRedirty.FastDirtierName}' does not apply to 6.9", result.ErrorLine, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("details", "[1]", "a line of the bug's details is number, not a string")]
    [InlineData("details", "{}", "the field \"details\" should be an array but is object")]
    [InlineData("waitFor", "7", "the field \"waitFor\" should be an array but is number")]
    [InlineData("waitFor", "[\"T1\"]", "an edge of the wait-for graph is string, not an object")]
    public void A_wrong_type_or_a_lone_surrogate_in_the_bug_is_exit_2(string field, string value, string message)
    {
        var json = Json(deadlock);
        json["bug"]![field] = JsonNode.Parse(value);

        var result = Replay(json);

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith("wbcheck replay: cannot load trace ", result.ErrorLine, StringComparison.Ordinal);
        Assert.Contains(message, result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_escape_is_exit_2()
    {
        var json = Json(deadlock);
        json["bug"]!["message"] = "LONE";
        File.WriteAllText(cli.Path("edited.json"), json.ToJsonString().Replace("LONE", "\\ud800", StringComparison.Ordinal));

        var result = cli.Run("replay", "edited.json");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Contains("it holds text that is not valid Unicode", result.ErrorLine, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("minimize")]
    public void A_preemption_flag_that_does_not_match_the_schedule_is_exit_2(string command)
    {
        var json = Json(deadlock);
        var step = json["steps"]!.AsArray().First(s => s!["preempts"] is not null)!;
        step.AsObject().Remove("preempts");
        File.WriteAllText(cli.Path("edited.json"), json.ToJsonString());

        var result = command == "replay" ? cli.Run("replay", "edited.json") : cli.Run("minimize", "edited.json", "-o", "min.json");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith($"wbcheck {command}: ", result.ErrorLine, StringComparison.Ordinal);
        Assert.Contains("not mark as a preemption, but it preempts T", result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_renamed_thread_is_refused()
    {
        var json = Json(deadlock);
        foreach (var step in json["steps"]!.AsArray().Where(s => (int)s!["thread"]! == 1))
        {
            step!["name"] = "renamed";
        }

        var result = Replay(json);

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Contains("is \"process 1\", not \"renamed\"", result.ErrorLine, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1,2,3", "its gamma 2 is even")]
    [InlineData("1,3,99999999999", "its size '99999999999' is not a whole number from 0 to 1000")]
    [InlineData("1,3,-1", "its size '-1' is not a whole number")]
    public void An_invalid_property_replay_seed_is_exit_2(string seed, string message)
    {
        var result = cli.Run("property", "accounting", "--replay", seed);

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith("wbcheck property: --replay: ", result.ErrorLine, StringComparison.Ordinal);
        Assert.Contains(message, result.ErrorLine, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pages", "2147483647")]
    [InlineData("batch", "2147483647")]
    [InlineData("pages", "16385")]
    public void A_trace_asking_for_a_huge_file_or_batch_is_refused_before_any_work(string parameter, string value)
    {
        var json = Json(deadlock);
        json["parameters"]![parameter] = value;
        Refit(json);

        var result = Replay(json);

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Contains($"the scenario parameter '{parameter}' is '{value}', not a whole number from 1 to ", result.ErrorLine, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--pages", "2147483647", "--pages must be a whole number from 1 to 16384")]
    [InlineData("--max-steps", "2147483647", "--max-steps must be a whole number from 4 to 2000000")]
    [InlineData("--parallel", "100000", "--parallel must be a whole number from 1 to 64")]
    public void Huge_counts_on_the_command_line_are_refused(string option, string value, string message)
    {
        var result = cli.Run("test", FsyncVsTruncate.ScenarioName, option, value);

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal($"wbcheck test: {message}, not '{value}'", result.ErrorLine);
    }

    [Fact]
    public void More_property_cases_than_the_limit_are_refused()
    {
        var result = cli.Run("property", "accounting", "--cases", "2147483647");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal("wbcheck property: --cases must be a whole number from 1 to 100000, not '2147483647'", result.ErrorLine);
    }

    [Fact]
    public void Pages_asked_of_a_scenario_that_fixes_its_own_are_refused_naming_it()
    {
        var result = cli.Run("test", CyclicWrapDeadlock.ScenarioName, "--pages", "8");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal($"wbcheck test: scenario '{CyclicWrapDeadlock.ScenarioName}' fixes its own page count, so --pages does not apply to it: drop --pages", result.ErrorLine);
    }

    [Theory]
    [InlineData("replay", "cannot load trace '/dev/zero': it is longer than the limit of 64 MB")]
    [InlineData("bios", "cannot read layout '/dev/zero': it is longer than the limit of 1 MB")]
    public void An_endless_file_is_refused_at_the_size_limit(string command, string message)
    {
        var result = cli.Run(command, "/dev/zero");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith($"wbcheck {command}: {message}", result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_given_as_a_trace_is_called_a_folder()
    {
        var result = cli.Run("replay", ".");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal("wbcheck replay: cannot load trace '.': it is a folder, not a file; give the path of a file in it", result.ErrorLine);
    }

    [Fact]
    public void A_small_layout_repeating_a_large_dirty_range_is_refused_at_the_page_limit()
    {
        var layout = "i-size 67108864\nextent 0-131071 at 1000\n" + string.Concat(Enumerable.Repeat("dirty 0-16383\n", 4000));
        File.WriteAllText(cli.Path("big.layout"), layout);

        var result = cli.Run("bios", cli.Path("big.layout"));

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Contains(":4: more than 16384 dirty pages: over the format's limit", result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_thousands_of_pages_that_holds_is_not_reported_as_out_of_steps()
    {
        var result = cli.Run("test", FsyncVsTruncate.ScenarioName, "--pages", "8000", "--iterations", "1");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.Contains("no bug found", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trace_wbcheck_wrote_for_thousands_of_pages_replays_without_its_state()
    {
        var found = cli.Run("test", FsyncVsTruncate.ScenarioName, "--pages", "8000", "--max-steps", "5000", "--iterations", "1");
        Assert.True(found.Exit == ExitCodes.BugFound, found.ToString());

        var result = cli.Run("replay", "wbcheck-out/fsync-vs-truncate-6.10.trace.json", "--html", "view.html");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.Contains("\nstate     not shown: 8002 state lines after each of 5000 steps is over the limit of 5,000,000 lines", result.Output, StringComparison.Ordinal);
        Assert.Contains("The state is not shown", File.ReadAllText(cli.Path("view.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_timeout_stops_a_replay_inside_its_schedule()
    {
        var found = cli.Run("test", FsyncVsTruncate.ScenarioName, "--pages", "8000", "--max-steps", "5000", "--iterations", "1");
        Assert.True(found.Exit == ExitCodes.BugFound, found.ToString());

        var result = cli.Run("replay", "wbcheck-out/fsync-vs-truncate-6.10.trace.json", "--timeout", "0.001");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Contains(": the replay was stopped by the time limit at step ", result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timeout_stops_a_test_inside_its_first_schedule()
    {
        // One schedule of this file takes most of a minute: the budget ends it, not its last step.
        var result = cli.Run("test", FsyncVsTruncate.ScenarioName, "--pages", "16384", "--era", "2.5.31", "--timeout", "0.5");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.Contains(": 0 iterations, 0 steps; stopped by the time budget; no bug found", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "bogus" }, "wbcheck: Unrecognized command or argument 'bogus'.")]
    [InlineData(new[] { "bench", "--only", "bogus" }, "wbcheck bench: --only 'bogus' names no figure; the figures are ")]
    [InlineData(new[] { "review", "--root", "/no/such/folder" }, "wbcheck review: ")]
    public void Errors_are_one_line_prefixed_with_the_command(string[] args, string message)
    {
        var result = cli.Run(args);

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith(message, result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trace_whose_format_is_an_array_is_one_line()
    {
        var text = deadlock.ToJson().Replace($"\"format\": \"{BugTrace.FormatVersion}\"", "\"format\": [\n1,\n2\n]", StringComparison.Ordinal);
        File.WriteAllText(cli.Path("edited.json"), text);

        var result = cli.Run("replay", "edited.json");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Contains("its format is [ 1, 2 ]", result.ErrorLine, StringComparison.Ordinal);
    }

    private static JsonObject Json(BugTrace trace) => JsonNode.Parse(trace.ToJson())!.AsObject();

    /// <summary>Give an edited header the fingerprint it would have, as a careful editor would.</summary>
    private static void Refit(JsonObject json)
    {
        var parameters = json["parameters"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);
        var probe = new BugTrace
        {
            Program = (string)json["program"]!,
            Parameters = parameters,
            ModelVersion = (string)json["model"]!,
            Strategy = "pct",
            Seed = 0,
            Iteration = 0,
            MaxSteps = 1,
            FairFrom = 0,
            LivenessBound = 1,
            Bug = new Concurrency.Bugs.BugReport { Kind = Concurrency.Bugs.BugKind.Deadlock, Message = "m", Step = 0 },
            Steps = [],
        };
        json["fingerprint"] = probe.Fingerprint;
    }

    private CliResult Replay(JsonObject json)
    {
        File.WriteAllText(cli.Path("edited.json"), json.ToJsonString());
        return cli.Run("replay", "edited.json");
    }
}
