using System.Text.RegularExpressions;
using Wbcheck.Cli.Tests.Support;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Cli.Tests.Commands;

/// <summary>
/// <c>wbcheck replay</c>: the scenario comes from the trace file; a trace that reproduces is exit 0
/// with its timeline; every way a trace can be unusable is one line on stderr and exit 2.
/// </summary>
public sealed class ReplayCommandTests : IDisposable
{
    private readonly CliRunner cli = new();
    private readonly string trace;

    public ReplayCommandTests()
    {
        trace = cli.Path("deadlock.trace.json");
        CellCheck.Run(CyclicWrapDeadlock.ScenarioName, KernelEra.V2_6_29).Bug!.Save(trace);
    }

    public void Dispose() => cli.Dispose();

    [Fact]
    public void A_trace_that_reproduces_prints_its_timeline_and_exits_0()
    {
        var result = cli.Run("replay", "deadlock.trace.json");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.StartsWith("program   'cyclic-wrap-deadlock' (batch=2, era=2.6.29, faults=none, pages=4, small=no)\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("\ninitial state\n", result.Output);
        Assert.Contains("\n=> deadlock after step ", result.Output);
        Assert.Contains("\nreproduced: deadlock: deadlock after step ", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void With_html_it_also_writes_the_page()
    {
        var result = cli.Run("replay", "deadlock.trace.json", "--html", "view.html");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.Contains("html: view.html\n", result.Output);
        Assert.Contains("<tr id=\"step-", File.ReadAllText(cli.Path("view.html")));
    }

    [Fact]
    public void A_missing_trace_is_exit_2()
    {
        var result = cli.Run("replay", "absent.json");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal("wbcheck replay: cannot load trace 'absent.json': the file does not exist; check the path", result.ErrorLine);
    }

    [Fact]
    public void A_truncated_trace_is_exit_2()
    {
        var text = File.ReadAllText(trace);
        File.WriteAllText(trace, text[..(text.Length / 2)]);

        var result = cli.Run("replay", "deadlock.trace.json");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Matches("^wbcheck replay: cannot load trace 'deadlock.trace.json': it ends before the JSON is complete \\(line \\d+\\): the file is truncated; ", result.ErrorLine);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void A_trace_whose_header_was_edited_is_exit_2()
    {
        File.WriteAllText(trace, File.ReadAllText(trace).Replace("\"era\": \"2.6.29\"", "\"era\": \"4.20\"", StringComparison.Ordinal));

        var result = cli.Run("replay", "deadlock.trace.json");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Contains(": the header was edited; restore the original file or record the trace again", result.ErrorLine);
    }

    [Fact]
    public void A_trace_whose_steps_were_edited_diverges_and_is_exit_2_with_the_step()
    {
        var text = File.ReadAllText(trace);
        var last = Regex.Matches(text, "\"label\": \"lock_page\\((\\d+)\\)\"")[^1];
        File.WriteAllText(trace, text.Remove(last.Index, last.Length).Insert(last.Index, "\"label\": \"lock_page(7)\""));

        var result = cli.Run("replay", "deadlock.trace.json");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Matches("^wbcheck replay: deadlock.trace.json does not reproduce its bug: trace diverged at step \\d+: expected T\\d at lock_page\\(7\\), but T\\d is at lock_page\\(\\d\\)", result.ErrorLine);
    }

    [Fact]
    public void A_trace_from_another_model_version_is_exit_2()
    {
        File.WriteAllText(trace, File.ReadAllText(trace).Replace($"\"model\": \"{ModelVersion.Current}\"", "\"model\": \"wbcheck-model/0\"", StringComparison.Ordinal));

        var result = cli.Run("replay", "deadlock.trace.json");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith($"wbcheck replay: cannot load trace 'deadlock.trace.json': it was recorded against model wbcheck-model/0 but this build is {ModelVersion.Current}", result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trace_of_a_program_that_is_not_a_scenario_is_exit_2_naming_the_scenarios()
    {
        var program = new TestProgram("abba-deadlock", setup =>
        {
            var runtime = setup.Runtime;
            runtime.Spawn("t", async () =>
            {
                await runtime.Schedule(PointKind.Yield, new StepLabel("step"));
                throw new InvalidOperationException("boom");
            });
        });
        TestingEngine.Run(program, TestingConfiguration.Default with { Iterations = 1 }).Bugs[0].Save(trace);

        var result = cli.Run("replay", "deadlock.trace.json");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith("wbcheck replay: cannot use trace 'deadlock.trace.json': it was recorded from 'abba-deadlock', which is not a race scenario of this build (known scenarios: fsync-vs-dirtier, ", result.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_trace_is_exit_2()
    {
        File.WriteAllText(trace, "{\"hello\": 1}");

        var result = cli.Run("replay", "deadlock.trace.json");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal("wbcheck replay: cannot load trace 'deadlock.trace.json': it is not a wbcheck trace (no \"format\" field); check that you passed a trace file", result.ErrorLine);
    }

    [Fact]
    public void An_html_file_that_cannot_be_written_is_exit_2()
    {
        var result = cli.Run("replay", "deadlock.trace.json", "--html", "no/such/folder/view.html");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith("wbcheck replay: cannot write 'no/such/folder/view.html': ", result.ErrorLine, StringComparison.Ordinal);
    }
}
