using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// The filesystem's block truncate of the last page against writeback. A block_truncate_page that
/// does not dirty the block leaves the old bytes past EOF on the disk in every era, found without
/// a race. One that does not zero the block: before the new truncate sequence the page it reads
/// in after the page-cache truncate stays unzeroed past EOF (no race needed); from the 2.6.36
/// era the page-cache truncate zeroes it afterwards, and only a flusher that writes it with the
/// old i_size between block_truncate_page and i_size_write puts the old bytes on the disk.
/// </summary>
public sealed class BlockTruncateVsWritebackTests
{
    private static RaceScenario Scenario(KernelEra era, Faults? faults = null) =>
        ScenarioCatalog.Create(BlockTruncateVsWriteback.ScenarioName, ScenarioOptions.Default with { Era = era, Faults = faults ?? Faults.None });

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_block_truncate_that_does_not_dirty_the_block_is_caught_without_a_race(KernelEra era)
    {
        var scenario = Scenario(era, new Faults { BlockTruncatePageSkipsDirtying = true });

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 200, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, EofBlockZeroedOnDisk.Name), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("its page is clean and the disk keeps bytes 512-4095 past EOF", found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.Equal(0, minimized.Preemptions);
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    [Fact]
    public void A_block_truncate_that_does_not_zero_the_block_is_caught_from_the_new_truncate_sequence()
    {
        var scenario = Scenario(KernelEra.V6_9, new Faults { BlockTruncatePageSkipsZeroing = true });

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 2000, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, EofBlockZeroedOnDisk.Name), (found.Bug.Kind, found.Bug.Source));
        var minimized = TestingEngine.Minimize(scenario, found).Trace;

        // The flusher writes page 1 between block_truncate_page and i_size_write.
        Assert.True(minimized.Preemptions >= 1, $"{minimized.Preemptions} preemptions");
        Assert.True(
            minimized.Preemptions < found.Preemptions ||
            (minimized.Preemptions == found.Preemptions && minimized.Steps.Count <= found.Steps.Count));
        Assert.Contains(minimized.Steps, s => s.ThreadName == "flusher");
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }

    [Fact]
    public void Before_the_new_truncate_sequence_a_block_truncate_that_does_not_zero_leaves_the_new_page_dirty_past_eof()
    {
        // The page-cache truncate came first and found no page 1 to zero: the page the block
        // truncate reads in is the only one, and nobody else zeroes it (a mapping would show
        // the bytes past EOF; writeback would zero them on the disk's way). No race needed.
        var scenario = Scenario(KernelEra.V2_6_20, new Faults { BlockTruncatePageSkipsZeroing = true });

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 200, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, EofBlockZeroedOnDisk.Name), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("its bytes 512-4095 past EOF are not zeroed", found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.Equal(0, minimized.Preemptions);
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }
}
