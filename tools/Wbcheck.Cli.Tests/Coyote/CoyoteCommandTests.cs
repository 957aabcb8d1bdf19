using System.Text.Json.Nodes;
using Wbcheck.Cli.Tests.Support;

namespace Wbcheck.Cli.Tests.Coyote;

/// <summary>
/// <c>wbcheck test --engine coyote</c> and <c>wbcheck replay</c> of what it writes: Coyote's own
/// trace beside our header, replayed under Coyote into the same kernel timeline our traces give;
/// a Coyote trace that belongs to another scenario, parameter set or model version is refused.
/// </summary>
public sealed class CoyoteCommandTests : IDisposable
{
    private const string Header = "wbcheck-out/cyclic-wrap-deadlock-2.6.29.coyote-header.json";
    private const string Trace = "wbcheck-out/cyclic-wrap-deadlock-2.6.29.coyote-trace.json";
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Test_under_coyote_writes_coyotes_trace_and_our_header_and_replay_prints_the_timeline()
    {
        var test = cli.Run("test", "cyclic-wrap-deadlock", "--era", "2.6.29", "--engine", "coyote");

        Assert.True(test.Exit == ExitCodes.BugFound, test.ToString());
        Assert.StartsWith("coyote fair-pct: deadlock: ", test.Output, StringComparison.Ordinal);
        var coyoteTrace = JsonNode.Parse(File.ReadAllText(cli.Path(Trace)))!;
        Assert.Equal("1.7.11.0", coyoteTrace["CoyoteVersion"]!.GetValue<string>());
        Assert.NotEmpty(coyoteTrace["Steps"]!.AsArray());

        var replay = cli.Run("replay", Header, "--html", "view.html");

        Assert.True(replay.Exit == ExitCodes.Ok, replay.ToString());
        Assert.StartsWith("coyote replay (fair-pct, iteration ", replay.Output, StringComparison.Ordinal);
        Assert.Contains("\nprogram   'cyclic-wrap-deadlock' (batch=2, era=2.6.29, faults=none, pages=4, small=no)\n", replay.Output);
        Assert.Contains("\n=> deadlock after step ", replay.Output);
        Assert.Contains("cycle: T", replay.Output);
        Assert.Contains("\nreproduced: deadlock: ", replay.Output);
        Assert.Contains("<tr id=\"step-", File.ReadAllText(cli.Path("view.html")));
        Assert.Equal(ExitCodes.Ok, cli.Run("replay", Trace).Exit);
    }

    [Fact]
    public void The_carried_trace_minimizes_in_our_engine()
    {
        cli.Run("test", "cyclic-wrap-deadlock", "--era", "2.6.29", "--engine", "coyote");

        var minimized = cli.Run("minimize", "wbcheck-out/cyclic-wrap-deadlock-2.6.29-coyote.trace.json", "-o", "min.json");

        Assert.True(minimized.Exit == ExitCodes.Ok, minimized.ToString());
        Assert.Equal(ExitCodes.Ok, cli.Run("replay", "min.json").Exit);
    }

    [Fact]
    public void A_coyote_trace_of_another_scenario_is_refused()
    {
        cli.Run("test", "cyclic-wrap-deadlock", "--era", "2.6.29", "--engine", "coyote");
        cli.Run("test", "write-fault-vs-truncate", "--era", "2.6.20", "--engine", "coyote", "--out", "other");
        File.Copy(cli.Path("other/write-fault-vs-truncate-2.6.20.coyote-trace.json"), cli.Path(Trace), overwrite: true);

        var replay = cli.Run("replay", Header);

        Assert.Equal(ExitCodes.Usage, replay.Exit);
        Assert.Equal(
            $"wbcheck replay: cannot use Coyote trace '{Header}': 'cyclic-wrap-deadlock-2.6.29.coyote-trace.json' is not the Coyote trace " +
            "its header was written with (another scenario's or parameters', or edited); keep each trace with its own header",
            replay.ErrorLine);
    }

    [Fact]
    public void A_header_whose_parameters_were_changed_is_refused()
    {
        cli.Run("test", "cyclic-wrap-deadlock", "--era", "2.6.29", "--engine", "coyote");
        Edit(header => header["parameters"]!["era"] = "2.6.36");

        var replay = cli.Run("replay", Header);

        Assert.Equal(ExitCodes.Usage, replay.Exit);
        Assert.Contains("its header's scenario or parameters were edited after it was written", replay.ErrorLine);
    }

    [Fact]
    public void A_coyote_trace_of_another_model_version_is_refused()
    {
        cli.Run("test", "cyclic-wrap-deadlock", "--era", "2.6.29", "--engine", "coyote");
        Edit(header => header["modelVersion"] = "wbcheck-model/0");

        var replay = cli.Run("replay", Header);

        Assert.Equal(ExitCodes.Usage, replay.Exit);
        Assert.StartsWith($"wbcheck replay: cannot use Coyote trace '{Header}': it was recorded against model wbcheck-model/0", replay.ErrorLine);
    }

    [Fact]
    public void A_strategy_coyote_has_no_counterpart_for_is_refused()
    {
        var result = cli.Run("test", "cyclic-wrap-deadlock", "--engine", "coyote", "--strategy", "dfs");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal("wbcheck test: --strategy dfs has no Coyote counterpart here; use random or pct", result.ErrorLine);
    }

    private void Edit(Action<JsonNode> change)
    {
        var header = JsonNode.Parse(File.ReadAllText(cli.Path(Header)))!;
        change(header);
        File.WriteAllText(cli.Path(Header), header.ToJsonString());
    }
}
