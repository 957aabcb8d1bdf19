using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// A truncate into the middle of the last page against writeback of it and a store past the new
/// EOF: every era waits for the partial page's writeback before zeroing it, and every write
/// zeroes the tail past the i_size it read, so no schedule sends bytes past EOF; a -&gt;writepage
/// that skips its zeroing is caught as the write starts, with a short trace.
/// </summary>
public sealed class PartialTruncateVsWritebackTests
{
    private static RaceScenario Scenario(KernelEra era, Faults? faults = null) =>
        ScenarioCatalog.Create(PartialTruncateVsWriteback.ScenarioName, ScenarioOptions.Default with { Era = era, Faults = faults ?? Faults.None });

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_writepage_that_skips_zeroing_the_tail_is_caught_with_a_minimal_trace(KernelEra era)
    {
        var scenario = Scenario(era, new Faults { SimpleFsSkipsZeroingPastEof = true });

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 1000, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, EofTailZeroed.Name), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains($"page 1 of inode 1 straddles i_size {Wbcheck.Model.Mm.Page.PageSize + PartialTruncateVsWriteback.NewEofInPage}", found.Bug.Message);

        // The truncate sets i_size (its inode lock first) and the flusher, having written page 0,
        // writes page 1 before truncate zeroes it: 20 steps on 6.9 and 21 on 2.6.20 when measured.
        var minimized = TestingEngine.Minimize(scenario, found).Trace;

        // Fewest preemptions first, then fewest steps (a trace with fewer preemptions may be longer).
        Assert.True(
            minimized.Preemptions < found.Preemptions ||
            (minimized.Preemptions == found.Preemptions && minimized.Steps.Count <= found.Steps.Count));
        Assert.True(minimized.Steps.Count <= 22, $"{minimized.Steps.Count} steps: {string.Join(", ", minimized.Steps.Select(s => $"{s.ThreadName}:{s.Label}"))}");
        Assert.Contains(minimized.Steps, s => s.ThreadName == "truncate");
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }
}
