using Wbcheck.Cli.Tests.Support;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;

namespace Wbcheck.Cli.Tests.Commands;

/// <summary><c>wbcheck minimize</c>: writes a trace with no more preemptions (and, at as many, no more steps) than the one given, which replays; refuses what cannot be used.</summary>
public sealed class MinimizeCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void It_writes_a_minimized_trace_that_replays()
    {
        var found = CellCheck.Run(ReclaimWriteout.IgrabName, KernelEra.V4_13).Bug!;
        found.Save(cli.Path("found.json"));

        var result = cli.Run("minimize", "found.json", "-o", "small.json");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.StartsWith($"minimized: {found.Steps.Count} steps, ", result.Output, StringComparison.Ordinal);
        Assert.Contains("trace:     small.json\nreplay:    wbcheck replay small.json\n", result.Output);
        var minimized = BugTrace.Load(cli.Path("small.json"));
        Assert.Contains($"\npreemptions: {found.Preemptions} -> {minimized.Preemptions}", result.Output);
        Assert.True(minimized.Minimized);
        Assert.True(minimized.Preemptions < found.Preemptions || (minimized.Preemptions == found.Preemptions && minimized.Steps.Count <= found.Steps.Count));
        Assert.Equal(ExitCodes.Ok, cli.Run("replay", "small.json").Exit);
    }

    [Fact]
    public void The_output_file_is_required()
    {
        CellCheck.Run(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_20).Bug!.Save(cli.Path("found.json"));

        var result = cli.Run("minimize", "found.json");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal("wbcheck minimize: Option '--output' is required.", result.ErrorLine);
    }

    [Fact]
    public void A_trace_that_does_not_reproduce_is_exit_2()
    {
        var found = CellCheck.Run(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_20).Bug!;
        var text = found.ToJson();
        var lastStep = text.LastIndexOf("{\"step\":", StringComparison.Ordinal);
        var cut = text[..text.LastIndexOf(",\n", lastStep, StringComparison.Ordinal)] + "\n  ]\n}\n";
        File.WriteAllText(cli.Path("found.json"), cut.Replace($"\"step\": {found.Bug.Step},", $"\"step\": {found.Bug.Step - 1},", StringComparison.Ordinal));

        var result = cli.Run("minimize", "found.json", "-o", "small.json");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.StartsWith("wbcheck minimize: found.json does not reproduce its bug, so there is nothing to minimize: ", result.ErrorLine, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.Path("small.json")));
    }

    [Fact]
    public void A_missing_trace_is_exit_2()
    {
        var result = cli.Run("minimize", "absent.json", "-o", "small.json");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal("wbcheck minimize: cannot load trace 'absent.json': the file does not exist; check the path", result.ErrorLine);
    }
}
