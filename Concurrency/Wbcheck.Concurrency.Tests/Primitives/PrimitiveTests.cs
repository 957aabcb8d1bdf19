using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;

namespace Wbcheck.Concurrency.Tests.Primitives;

/// <summary>
/// Each primitive of the engine API against a program whose bug depends on its semantics: DFS
/// (iterating its preemption bound, so the trace has the fewest preemptions) finds the bug, and
/// the fixed program holds with its whole space explored.
/// </summary>
public sealed class PrimitiveTests
{
    private static readonly TestingConfiguration Dfs = TestingConfiguration.Default with
    {
        Strategy = "dfs",
        Iterations = 100_000,
    };

    [Fact]
    public void A_barging_lock_lets_a_thread_take_it_again_before_the_waiter_it_woke()
    {
        var trace = FindFirst(Overtaking.Create(fair: false));

        Assert.Equal(BugKind.ModelAssertion, trace.Bug.Kind);
        Assert.Equal("lock_overtaken", trace.Bug.Source);
        Assert.Contains("T0(greedy) took lock m while 1 thread(s) waited for it", trace.Bug.Message);
        Assert.Equal(1, trace.Preemptions);
    }

    [Fact]
    public void A_fair_lock_hands_itself_to_the_waiter()
    {
        AssertHolds(Overtaking.Create(fair: true));
    }

    [Fact]
    public void A_barging_lock_can_starve_a_waiter_forever_on_a_fair_cycle()
    {
        var program = Starvation.Create(fair: false);
        var report = TestingEngine.Run(program, Lassos);

        var trace = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Livelock, trace.Bug.Kind);
        Assert.Equal("waiter gets the lock", trace.Bug.Source);
        Assert.NotNull(trace.Bug.CycleStart);
        TraceFiles.AssertReplaysFromFile(program, trace);
    }

    [Fact]
    public void A_fair_lock_serves_the_waiter()
    {
        var report = TestingEngine.Run(Starvation.Create(fair: true), Lassos);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(Lassos.Iterations, report.Iterations);
    }

    [Fact]
    public void A_notify_before_the_wait_is_lost_and_the_waiter_sleeps_forever()
    {
        var trace = FindFirst(LostWakeup.Create(checkUnderLock: false));

        Assert.Equal(BugKind.Deadlock, trace.Bug.Kind);
        Assert.Contains(trace.Bug.Details, line => line.Contains("T0(consumer) sleeps on condition ready at wait(ready), held by nobody: a wake-up was missed", StringComparison.Ordinal));
        Assert.Equal(1, trace.Preemptions);
    }

    [Fact]
    public void Waiting_in_a_loop_under_the_lock_never_misses_the_notify()
    {
        AssertHolds(LostWakeup.Create(checkUnderLock: true));
    }

    [Fact]
    public void A_release_past_the_maximum_count_is_reported_where_it_happens()
    {
        var trace = FindFirst(DoubleRelease.Create(atomicCheck: false));

        Assert.Equal(BugKind.UnhandledException, trace.Bug.Kind);
        Assert.Contains("SemaphoreFullException", trace.Bug.Message);
        Assert.Contains("past its maximum count of 1: more Release than WaitAsync", trace.Bug.Message);
        Assert.Equal(1, trace.Preemptions);
    }

    [Fact]
    public void Releasing_once_from_one_step_stays_within_the_count()
    {
        AssertHolds(DoubleRelease.Create(atomicCheck: true));
    }

    [Fact]
    public void Reading_a_result_without_joining_its_thread_can_read_it_too_early()
    {
        var trace = FindFirst(ReadBeforeJoin.Create(join: false));

        Assert.Equal(BugKind.ModelAssertion, trace.Bug.Kind);
        Assert.Equal("read_before_join", trace.Bug.Source);
        Assert.Equal(0, trace.Preemptions);
    }

    [Fact]
    public void Joining_first_reads_the_result()
    {
        AssertHolds(ReadBeforeJoin.Create(join: true));
    }

    private static TestingConfiguration Lassos => TestingConfiguration.Default with
    {
        Strategy = "random",
        Iterations = 200,
        MaxSteps = 1000,
        LassoLivelocks = true,
    };

    private static Traces.BugTrace FindFirst(ITestProgram program)
    {
        var report = TestingEngine.Run(program, Dfs);
        var trace = Assert.Single(report.Bugs);
        TraceFiles.AssertReplaysFromFile(program, trace);
        return trace;
    }

    private static void AssertHolds(ITestProgram program)
    {
        var report = TestingEngine.Run(program, Dfs with { StopAtFirstBug = false });

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }
}
