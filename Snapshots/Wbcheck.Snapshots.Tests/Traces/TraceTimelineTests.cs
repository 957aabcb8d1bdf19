using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Snapshots.Tests.Traces;

/// <summary>
/// The interleaving that breaks the kernel, step by step, for each row of the era table: the bug
/// found on the row's first era (exactly as the era-table tests and <c>wbcheck matrix</c> find
/// it), minimized, and rendered as a timeline with the state each step changed. Minimization is
/// deterministic, so a diff here means the model, the engine or the scenario behaves differently.
/// Each trace's HTML view is checked to show the same state as its timeline after every step.
/// </summary>
public sealed class TraceTimelineTests
{
    /// <summary>Steps kept at each end of a timeline longer than their sum (a livelock's fair phase is thousands of steps).</summary>
    private const int Head = 80;
    private const int Tail = 40;

    /// <summary>Lines of details kept under the bug (a livelock lists every thread that ran while it was hot).</summary>
    private const int Details = 20;

    public static TheoryData<string, string> Rows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var row in Expectations.Bugs)
        {
            rows.Add(row.Scenario, row.From.Info().Version);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_minimized_trace_of_each_expected_bug(string scenario, string era)
    {
        var cell = CellCheck.Run(scenario, KernelEras.Parse(era));
        Assert.True(cell.Matches, cell.Problem);

        var minimized = TestingEngine.Minimize(cell.Program!, cell.Bug!).Trace;

        // One replay for both views: the HTML view of the trace the matrix writes for this cell
        // shows the same state after every step as its timeline.
        var frames = TraceFrames.Capture(minimized, cell.Program!);
        HtmlTimelineAgreement.Check(minimized, frames);

        var expected = Expectations.For(scenario, KernelEras.Parse(era))!;
        // A cell that may show either of two bugs says which one this trace shows.
        var met = expected.Or is null ? "" : $"; this trace: {cell.Found}";
        var text = $"{scenario} on {era}: {expected.Describe()}{met}, fixed by {expected.FixedByOf(cell.Bug!.Bug)}\n\n" +
                   TimelineExcerpt.Cut(TimelineRenderer.Render(minimized, frames), Head, Tail, Details);
        Snapshot.Verify(text, SnapshotSettings.Default.WithParameters(scenario, era));
    }

    [Fact]
    public void Each_row_of_the_era_table_has_its_snapshot_and_no_other_is_left()
    {
        var folder = Path.GetDirectoryName(SourceFile())!;
        var prefix = $"{nameof(TraceTimelineTests)}.{nameof(The_minimized_trace_of_each_expected_bug)}_";
        var expected = Expectations.Bugs.Select(row => $"{prefix}{row.Scenario}_{row.From.Info().Version}.verified.txt").ToHashSet();
        foreach (var name in expected)
        {
            Assert.True(File.Exists(Path.Combine(folder, name)), $"missing {name}: run the tests and review the new snapshot");
        }

        // A row that moved (its first era changed) leaves its old snapshot behind: delete it.
        var stale = Directory.GetFiles(folder, prefix + "*.verified.txt").Select(Path.GetFileName).Where(name => !expected.Contains(name!));
        Assert.Empty(stale);
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
