using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Rendering;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// The list era's hazards in detail: what the engine reports for the walk without io_pages (a
/// thread waiting on itself; a walk that a writer keeps going), the minimized deadlock, and the
/// self-deadlock io_pages does not prevent when two walks share it.
/// </summary>
public sealed class BioRedirtyTests(ITestOutputHelper output)
{
    private static readonly TestingConfiguration Pct = RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 200, Seed = 1 };

    private static RaceScenario InListEra(string name, bool small = false) =>
        ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = KernelEra.V2_5, Small = small });

    [Fact]
    public void Without_io_pages_the_flusher_deadlocks_waiting_on_the_page_lock_it_holds_itself()
    {
        var scenario = InListEra(BioRedirty.RedirtyNoIoPagesName);

        var report = TestingEngine.Run(scenario, Pct);

        Assert.True(report.FoundBug, report.Summary());
        var bug = report.Bugs[0].Bug;
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        var edge = Assert.Single(bug.WaitFor);
        Assert.True(edge.WaitsOnItself);
        Assert.Equal(("flusher", "PG_locked of page 0", "lock_page(0)"), (edge.ThreadName, edge.Queue, edge.Label));
        Assert.EndsWith("T0(flusher) sleeps on PG_locked of page 0, which it holds itself", bug.Message);
    }

    [Fact]
    public void The_minimized_deadlock_is_the_redirty_of_a_page_in_the_unsent_bio_then_the_walk_meeting_it_again()
    {
        var scenario = InListEra(BioRedirty.RedirtyNoIoPagesName);
        var found = TestingEngine.Run(scenario, Pct).Bugs[0];

        var minimized = TestingEngine.Minimize(scenario, found);
        var timeline = TimelineRenderer.Render(minimized.Trace, scenario);
        output.WriteLine(timeline);

        var labels = minimized.Trace.Steps.Where(s => !s.IsChoice).Select(s => $"{s.ThreadName} {s.Label}").ToList();
        var firstLock = labels.IndexOf("flusher lock_page(0)");
        var redirty = labels.IndexOf("write fault __set_page_dirty_nobuffers(0)");
        Assert.InRange(firstLock, 0, redirty);
        Assert.Equal("flusher lock_page(0)", labels[^1]);
        Assert.Contains("page 0: flags LU on locked_pages", timeline);
        Assert.Contains("page 0: flags LDU on dirty_pages", timeline);
        Assert.True(TestingEngine.Replay(scenario, minimized.Trace).Reproduced);
    }

    [Fact]
    public void Without_io_pages_a_writer_that_keeps_ahead_keeps_the_walk_going()
    {
        var scenario = InListEra(BioRedirty.FastDirtierNoIoPagesName);

        var report = TestingEngine.Run(scenario, Pct);

        Assert.True(report.FoundBug, report.Summary());
        var bug = report.Bugs[0].Bug;
        Assert.Equal((BugKind.Livelock, BioRedirty.LivenessName), (bug.Kind, bug.Source));

        // Both keep working all along: the walk is not stuck, it never runs out of pages.
        Assert.Contains(bug.Details, d => d.Contains("(sync)", StringComparison.Ordinal) && d.Contains("mpage_writepages", StringComparison.Ordinal));
        Assert.Contains(bug.Details, d => d.Contains("(writer)", StringComparison.Ordinal) && d.Contains("__set_page_dirty_nobuffers", StringComparison.Ordinal));
    }

    [Fact]
    public void With_io_pages_shared_by_two_walks_the_sync_waits_on_writeback_only_its_own_unsent_bio_can_end()
    {
        var scenario = InListEra(BioRedirtyTwoWalkers.ScenarioName);

        var report = TestingEngine.Run(scenario, Pct with { Iterations = 500 });

        Assert.True(report.FoundBug, report.Summary());
        var edge = Assert.Single(report.Bugs[0].Bug.WaitFor);
        Assert.True(edge.WaitsOnItself);
        Assert.Equal(("sync", "PG_writeback of page 0", "wait_on_page_writeback(0)"), (edge.ThreadName, edge.Queue, edge.Label));
    }

    [Theory]
    [InlineData(BioRedirty.RedirtyName)]
    [InlineData(BioRedirty.FastDirtierName)]
    public void With_io_pages_the_same_races_find_nothing(string name)
    {
        var report = TestingEngine.Run(InListEra(name), Pct);

        Assert.False(report.FoundBug, report.Summary());
    }
}
