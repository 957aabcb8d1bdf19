using Wbcheck.Cli.Commands;
using Wbcheck.Cli.Matrix;
using Wbcheck.Cli.Tests.Support;
using Wbcheck.Cli.Traces;
using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Snapshots.Tests.Traces;

namespace Wbcheck.Cli.Tests.Html;

/// <summary>
/// The HTML view agrees with the text timeline on every trace the matrix writes, not only on the
/// first era of each era-table row (the trace-timeline snapshots): the scenario columns of the
/// matrix run in-process on every era into a folder, and each trace there is replayed once and its
/// two views compared after every step (<see cref="HtmlTimelineAgreement"/>). Only the bug cells
/// write traces, and their search depends only on <see cref="CellBudget.FindIterations"/> and
/// <see cref="CellBudget.FindSeed"/>, which <see cref="TracesOnly"/> keeps: the traces are the
/// matrix's. The holding cells write nothing, and the era-table tests
/// (<c>EraTableTests.A_cell_that_holds_yields_nothing</c>, Concurrency.Tests) prove every one of
/// them on the same budget this test used to spend on them (<see cref="CellBudget.Default"/>), so
/// here they get one schedule of each search: the CPU goes to the traces.
/// </summary>
public sealed class MatrixTracesAgreementTests : IDisposable
{
    /// <summary>
    /// <see cref="CellBudget.Default"/>'s bug search, unchanged; a holding cell's DFS and PCT cut to
    /// one schedule each (and the cut DFS accepted), since the era-table tests prove those cells.
    /// </summary>
    internal static CellBudget TracesOnly { get; } = CellBudget.Default with { SearchLimit = 1, SearchToTheEnd = false, HoldsIterations = 1 };

    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void The_bug_search_is_the_matrix_s_own()
    {
        Assert.Equal((CellBudget.Matrix.FindIterations, CellBudget.Matrix.FindSeed), (TracesOnly.FindIterations, TracesOnly.FindSeed));
        Assert.Equal(CellBudget.Default with { SearchLimit = TracesOnly.SearchLimit, SearchToTheEnd = false, HoldsIterations = TracesOnly.HoldsIterations }, TracesOnly);
    }

    [Fact]
    public void Every_trace_the_matrix_writes_shows_the_same_state_in_the_HTML_view_and_the_timeline()
    {
        var folder = cli.Path("out");
        var output = new StringWriter();
        var exit = MatrixCommand.Run(Enum.GetValues<KernelEra>(), MatrixColumns.Scenarios, null, 2, folder, false, cli.Environment, output, TextWriter.Null, cellBudget: TracesOnly);
        Assert.True(exit == ExitCodes.Ok, output.ToString());

        var traces = Directory.GetFiles(folder, "*.trace.json").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(traces);
        Assert.Equal(traces.Length, output.ToString().Split('\n').Count(line => line.EndsWith(".trace.json", StringComparison.Ordinal)));
        var disagreements = new List<string>();
        foreach (var path in traces)
        {
            var (trace, scenario) = TraceFiles.Load(path, Path.GetFileName(path));
            var frames = TraceFrames.Capture(trace, scenario);
            try
            {
                Assert.True(frames.Replay.Reproduced, $"{Path.GetFileName(path)} does not replay: {frames.Replay.Divergence}");
                HtmlTimelineAgreement.Check(trace, frames);
            }
            catch (Xunit.Sdk.XunitException exception)
            {
                disagreements.Add($"{Path.GetFileName(path)}: {exception.Message}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }
}
