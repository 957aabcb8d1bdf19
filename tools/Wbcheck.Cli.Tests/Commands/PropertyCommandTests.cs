using Wbcheck.Cli.Tests.Support;

namespace Wbcheck.Cli.Tests.Commands;

/// <summary>
/// <c>wbcheck property</c>: a property that fails on an era is exit 1 with its shrunk
/// counterexample and a replay command that gives the same counterexample again; one that holds
/// is exit 0; bad input is one line and exit 2.
/// </summary>
public sealed class PropertyCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void A_failing_property_is_exit_1_with_the_counterexample_and_a_replay_that_gives_it_again()
    {
        var result = cli.Run("property", "ascending lock order", "--era", "4.17");

        Assert.True(result.Exit == ExitCodes.BugFound, result.ToString());
        Assert.Contains("era: 4.17\n", result.Output);
        Assert.Contains("expected: fails: a range_cyclic pass that started past 0 wraps back", result.Output);
        Assert.Contains("found: a counterexample, shrunk\n", result.Output);
        Assert.Contains("locked page 0 after page 1 in one writeback pass", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
        var replay = result.Output.Split('\n').Single(l => l.StartsWith("replay: wbcheck property 'ascending lock order' --era 4.17 --replay ", StringComparison.Ordinal));

        var again = cli.Run(["property", "ascending lock order", "--era", "4.17", "--replay", replay.Split(' ')[^1]]);

        Assert.Equal(ExitCodes.BugFound, again.Exit);
        Assert.Equal(Shrunk(result.Output), Shrunk(again.Output));
    }

    [Fact]
    public void Timeout_stops_a_property_between_cases_with_exit_0_and_says_so()
    {
        var result = cli.Run("property", "tag/flag coherence", "--era", "6.9", "--cases", "100000", "--timeout", "0.001");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        var found = Assert.Single(result.Output.Split('\n'), l => l.StartsWith("found: ", StringComparison.Ordinal));
        Assert.Matches(@"^found: stopped by --timeout after [0-9,]+ cases?, no counterexample found$", found);
        Assert.DoesNotContain("found: holds", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void A_property_that_holds_is_exit_0()
    {
        var result = cli.Run("property", "ascending lock order", "--era", "6.9", "--cases", "200", "--seed", "5");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.Contains("expected: holds\n", result.Output);
        Assert.Contains("found: holds over 200 cases\n", result.Output);
    }

    [Theory]
    [InlineData("wbcheck property: unknown property 'lock order'; known properties: tag/flag coherence; ", "lock order")]
    [InlineData("wbcheck property: 'tag/flag coherence' does not apply to 2.5.31: ", "tag/flag coherence", "--era", "2.5.31")]
    [InlineData("wbcheck property: --replay runs the case it names, with its own seed: drop --seed or --replay", "accounting", "--replay", "1,3,3", "--seed", "4")]
    [InlineData("wbcheck property: --replay: 'x' is not a replay seed; expected (seed,gamma) or (seed,gamma,size)", "accounting", "--replay", "x")]
    [InlineData("wbcheck property: --cases must be a whole number from 1 to 100000, not '0'", "accounting", "--cases", "0")]
    public void Bad_input_is_one_line_on_stderr_and_exit_2(string message, params string[] args)
    {
        var result = cli.Run(["property", .. args]);

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith(message, result.ErrorLine, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    private static string Shrunk(string output)
    {
        var start = output.IndexOf("Shrunk:\n", StringComparison.Ordinal);
        Assert.True(start >= 0, output);
        return output[start..output.IndexOf("with exception:", start, StringComparison.Ordinal)];
    }
}
