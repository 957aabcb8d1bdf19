using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// Every race scenario checks no silent clean after every step: a -&gt;writepage that starts and
/// ends writeback with no I/O keeps every flag, tag and count coherent, and only this check
/// sees the page's data go unwritten, at the step it happens, before any fsync returns.
/// </summary>
public sealed class NoSilentCleanScenarioTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_writepage_that_drops_a_page_is_caught_at_once(KernelEra era)
    {
        var scenario = ScenarioCatalog.Create(FsyncVsTruncate.ScenarioName, ScenarioOptions.Default with
        {
            Era = era,
            Faults = new Faults { WritepageEndsWritebackWithoutIo = true },
        });

        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 100, Seed = 1 });

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, NoSilentClean.Name), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("is clean, unlocked and not under writeback, but holds v", found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.True(minimized.Steps.Count <= 6, $"{minimized.Steps.Count} steps");
        TraceFiles.AssertReplaysFromFile(scenario, minimized);
    }
}
