using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Tests.Programs;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// When stateful DFS may prune a visit at a state seen before (<see cref="VisitedStates"/>): a
/// visit explored whole covers any later one whose sleep set contains its own; a visit that was
/// cut (by the preemption bound, the depth, a bug) covers only a later one that could explore no
/// more; a state on the path covers a cycle back to it.
/// </summary>
public sealed class StatefulPruningTests
{
    private static readonly TestingConfiguration Stateful = TestingConfiguration.Default with
    {
        Strategy = "dfs",
        Iterations = 100_000,
        Stateful = true,
    };

    // The check fails only after z1, z2 (in that order), y1 and before x2 of either thread: two
    // preemptions (start t1, preempt to t0, which finishes; start t2, preempt back to t1). At bound
    // 2 DFS meets states first by paths that used the bound up, where the subtree is cut, and again by
    // paths with a preemption left: pruning the second visit loses the bug.
    private static CheckedCells TwoPreemptions() => new([0, 1, 2], ["z2"], ["z1", "check"], ["y1", "x2"], ["x2"]);

    [Theory]
    [InlineData(false, DporMode.Off)]
    [InlineData(true, DporMode.Off)]
    [InlineData(true, DporMode.Source)]
    [InlineData(true, DporMode.FlanaganGodefroid)]
    [InlineData(true, DporMode.Optimal)]
    public void A_visit_the_bound_cut_does_not_cover_a_later_one_with_a_preemption_left(bool reduction, DporMode dpor)
    {
        var configuration = Stateful with { PreemptionBound = 2, Reduction = reduction, Dpor = dpor };

        var stateless = TestingEngine.Run(TwoPreemptions(), configuration with { Stateful = false });
        var stateful = TestingEngine.Run(TwoPreemptions(), configuration);

        Assert.Equal("check", Assert.Single(stateless.Bugs).Bug.Source);
        Assert.Equal("check", Assert.Single(stateful.Bugs).Bug.Source);
        Assert.True(stateful.Search!.StatesPruned > 0);
        TraceFiles.AssertReplaysFromFile(TwoPreemptions(), stateful.Bugs[0]);
    }

    [Fact]
    public void Without_a_bound_every_revisit_of_a_state_explored_whole_is_pruned()
    {
        // Three threads adding to one counter twice: 90 orders, 27 positions. Each position is
        // reached by many paths, with different preemption counts and last threads; explored whole
        // once, it is never explored again, so each schedule after the first takes an option not
        // yet taken at a state stored: at most 1 + 2 per state.
        var report = TestingEngine.Run(new CellSteps("xx", "xx", "xx"), Stateful with { PreemptionBound = 100, Reduction = false });

        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
        var stored = report.Search!.StatesStored;
        Assert.InRange(report.Iterations, 1, 1 + (2 * stored));
        Assert.True(report.Iterations < 90, $"{report.Iterations} schedules");
        Assert.Contains($"explored every schedule ({report.Iterations})", report.Summary());
        Assert.Contains($"{stored} states stored", report.Summary());
    }

    [Fact]
    public void A_visit_explored_whole_covers_a_later_one_only_with_its_sleeping_threads_asleep()
    {
        var table = new VisitedStates(1 << 20);
        var first = new VisitClaim(Depth: 5, PreemptionsLeft: 0, LastThread: 1, Asleep: 0b010);

        Assert.Equal(Coverage.New, table.Visit(7, first, branch: 3, out _));
        table.Finish(7, first, complete: true);

        // Deeper, with no preemption left and another thread last: all of it is covered, the
        // sleep set aside (the earlier visit ran every continuation not starting with thread 1).
        Assert.Equal(Coverage.Complete, table.Visit(7, new VisitClaim(50, 0, 2, 0b110), 4, out _));
        // Thread 1 awake now: its continuations were not run from here, so this visit explores.
        var awake = new VisitClaim(2, 3, 0, 0b100);
        Assert.Equal(Coverage.New, table.Visit(7, awake, 5, out _));
        table.Finish(7, awake, complete: true);

        // The two visits ran all but what starts with a thread asleep at both: none.
        Assert.Equal(Coverage.Complete, table.Visit(7, new VisitClaim(9, 0, 0, 0), 6, out _));
    }

    [Fact]
    public void A_visit_that_was_cut_covers_only_a_later_one_that_could_explore_no_more()
    {
        var table = new VisitedStates(1 << 20);
        var cut = new VisitClaim(Depth: 5, PreemptionsLeft: 1, LastThread: 1, Asleep: 0b010);

        Assert.Equal(Coverage.New, table.Visit(7, cut, branch: 3, out _));
        // On the path still: a cycle back to it is covered by the open visit at branch 3.
        Assert.Equal(Coverage.Open, table.Visit(7, cut with { Depth = 9 }, 8, out var open));
        Assert.Equal(3, open);
        table.Finish(7, cut, complete: false);

        Assert.Equal(Coverage.Cut, table.Visit(7, cut with { Depth = 6, PreemptionsLeft = 0, Asleep = 0b011 }, 4, out _));
        Assert.Equal(Coverage.New, table.Visit(7, cut with { Depth = 4 }, 4, out _)); // shallower
        table.Finish(7, cut with { Depth = 4 }, complete: false);
        Assert.Equal(Coverage.New, table.Visit(7, cut with { Depth = 6, PreemptionsLeft = 2 }, 4, out _)); // more preemptions left
        table.Finish(7, cut with { Depth = 6, PreemptionsLeft = 2 }, complete: false);
        Assert.Equal(Coverage.New, table.Visit(7, cut with { Depth = 6, PreemptionsLeft = 2, LastThread = 0 }, 4, out _)); // another thread last
        table.Finish(7, cut with { Depth = 6, PreemptionsLeft = 2, LastThread = 0 }, complete: false);
        Assert.Equal(Coverage.New, table.Visit(7, cut with { Depth = 6, PreemptionsLeft = 2, LastThread = 0, Asleep = 0 }, 4, out _)); // thread 1 awake
    }

    [Fact]
    public void A_cut_visit_covers_another_thread_last_with_one_preemption_fewer_and_any_depth_once_no_schedule_reached_the_limit()
    {
        var table = new VisitedStates(1 << 20);
        var cut = new VisitClaim(Depth: 5, PreemptionsLeft: 2, LastThread: 1, Asleep: 0);

        Assert.Equal(Coverage.New, table.Visit(7, cut, branch: 3, out _));
        table.Finish(7, cut, complete: false);

        // Another thread last: the first switch may cost the stored visit one preemption more.
        Assert.Equal(Coverage.Cut, table.Visit(7, cut with { Depth = 6, PreemptionsLeft = 1, LastThread = 0 }, 4, out _));
        Assert.Equal(Coverage.Cut, table.Visit(7, cut with { Depth = 6, PreemptionsLeft = 1, LastThread = -1 }, 4, out _));
        // A schedule below the stored visit reached the end of DFS's part: its depth matters.
        Assert.False(table.CoveredAtAnyDepth);
        Assert.Equal(Coverage.New, table.Visit(7, cut with { Depth = 6, PreemptionsLeft = 2, LastThread = 0 }, 4, out _));
        table.Finish(7, cut with { Depth = 6, PreemptionsLeft = 2, LastThread = 0 }, complete: false);
        Assert.Equal(Coverage.New, table.Visit(7, cut with { Depth = 4, PreemptionsLeft = 1, LastThread = 0 }, 4, out _)); // shallower

        // No schedule below this one reached the limit: it covers shallower visits too.
        var free = new VisitClaim(Depth: 9, PreemptionsLeft: 1, LastThread: -1, Asleep: 0);
        Assert.Equal(Coverage.New, table.Visit(8, free, branch: 3, out _));
        table.Finish(8, free, complete: false, depthFree: true);
        // Nobody that could go on ran last at the stored visit: no switch there was a preemption.
        Assert.Equal(Coverage.Cut, table.Visit(8, free with { Depth = 2, LastThread = 2 }, 4, out _));
        Assert.True(table.CoveredAtAnyDepth);
        Assert.Equal(Coverage.New, table.Visit(8, free with { Depth = 2, PreemptionsLeft = 2 }, 4, out _));

        // The rule before: the same thread last, no shallower, whatever the schedules below reached.
        var strict = new VisitedStates(1 << 20, CutVisitRule.Strict);
        Assert.Equal(Coverage.New, strict.Visit(7, cut, branch: 3, out _));
        strict.Finish(7, cut, complete: false, depthFree: true);
        Assert.Equal(Coverage.New, strict.Visit(7, cut with { Depth = 6, PreemptionsLeft = 0, LastThread = 0 }, 4, out _));
        strict.Finish(7, cut with { Depth = 6, PreemptionsLeft = 0, LastThread = 0 }, complete: false, depthFree: true);
        Assert.Equal(Coverage.New, strict.Visit(7, cut with { Depth = 4, PreemptionsLeft = 0, LastThread = 0 }, 4, out _));
    }
}
