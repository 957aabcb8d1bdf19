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
/// write traces, and their search does not depend on the proof configuration, so the holding cells
/// are proven on their small forms (<see cref="CellBudget.Default"/>, as the era-table tests do), not
/// on the matrix's larger ones: the traces are the matrix's, at a fraction of its CPU.
/// </summary>
public sealed class MatrixTracesAgreementTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Every_trace_the_matrix_writes_shows_the_same_state_in_the_HTML_view_and_the_timeline()
    {
        var folder = cli.Path("out");
        var output = new StringWriter();
        var exit = MatrixCommand.Run(Enum.GetValues<KernelEra>(), MatrixColumns.Scenarios, null, 2, folder, false, cli.Environment, output, TextWriter.Null, cellBudget: CellBudget.Default);
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
