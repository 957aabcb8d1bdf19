using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Tests.Programs;

namespace Wbcheck.Concurrency.Tests;

/// <summary>DFS without a fixed preemption bound iterates it 0, 1, 2, ... as CHESS does.</summary>
public sealed class IteratedDfsTests
{
    private static readonly TestingConfiguration Dfs = TestingConfiguration.Default with
    {
        Strategy = "dfs",
        Iterations = 100_000,
    };

    [Fact]
    public void Plain_dfs_reports_the_non_repeatable_read_with_two_preemptions()
    {
        // The premise of the next test: a bound that never binds gives DFS's own order.
        var report = TestingEngine.Run(new NonRepeatableRead(), Dfs with { PreemptionBound = TestingConfiguration.IteratedPreemptionCap });

        var trace = Assert.Single(report.Bugs);
        Assert.Equal("reread", trace.Bug.Source);
        Assert.Equal(2, trace.Preemptions);
        Assert.Null(report.Iterated);
    }

    [Fact]
    public void Iterating_the_bound_reports_the_non_repeatable_read_with_one_preemption()
    {
        var program = new NonRepeatableRead();
        var report = TestingEngine.Run(program, Dfs);

        var trace = Assert.Single(report.Bugs);
        Assert.Equal("reread", trace.Bug.Source);
        Assert.Equal(1, trace.Preemptions);
        Assert.Equal(1, report.Iterated?.Bound);
        Assert.StartsWith("non-repeatable-read: dfs (preemption bound iterated 0-1), seed 0: ", report.Summary());
        TraceFiles.AssertReplaysFromFile(program, trace);
    }

    [Fact]
    public void Collecting_every_bug_reports_each_schedule_once_despite_the_re_runs()
    {
        // Each bound re-runs the lower bounds' schedules; their bugs must not be reported again.
        var plain = TestingEngine.Run(new NonRepeatableRead(), Dfs with { StopAtFirstBug = false, PreemptionBound = TestingConfiguration.IteratedPreemptionCap });
        var iterated = TestingEngine.Run(new NonRepeatableRead(), Dfs with { StopAtFirstBug = false });

        Assert.Equal(StopReason.SpaceExhausted, plain.StopReason);
        Assert.Equal(StopReason.SpaceExhausted, iterated.StopReason);
        Assert.False(iterated.Iterated?.PreemptionsLeft);
        Assert.True(iterated.Iterations > plain.Iterations);
        Assert.Equal(plain.Bugs.Count, iterated.Bugs.Count);
        Assert.Equal(
            plain.Bugs.Select(b => string.Join(" ", b.Steps.Select(s => s.Value))).Order(),
            iterated.Bugs.Select(b => string.Join(" ", b.Steps.Select(s => s.Value))).Order());
    }

    [Fact]
    public void A_correct_program_ends_the_iteration_at_the_bound_that_leaves_no_preemption()
    {
        // Two threads of 3 steps: at most 0..4 preemptions allow 2, 6, 14, 18, 20 schedules
        // (DfsTests derives them); bound 4 refuses no preemption, so the 20 are every schedule.
        var report = TestingEngine.Run(new StepThreads(threads: 2, steps: 3), Dfs);

        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
        Assert.Equal(new IteratedBound(4, 20, PreemptionsLeft: false), report.Iterated);
        Assert.Equal(2 + 6 + 14 + 18 + 20, report.Iterations);
        Assert.Equal(
            "step-threads: dfs (preemption bound iterated 0-4), seed 0: 60 iterations, 360 steps; explored every schedule " +
            "(20, in 60 runs over bounds 0-4, each bound re-running the lower bounds' schedules); no bug found",
            report.Summary());
    }

    [Fact]
    public void A_run_out_of_iterations_says_which_bound_it_left_unfinished()
    {
        // Bounds 0 and 1 take 2 + 6 runs; the 10th run is the 2nd of bound 2's 14.
        var report = TestingEngine.Run(new StepThreads(threads: 2, steps: 3), Dfs with { Iterations = 10 });

        Assert.Equal(StopReason.IterationsDone, report.StopReason);
        Assert.Equal((2, 2L), (report.Iterated?.Bound, report.Iterated?.SchedulesAtBound));
        Assert.EndsWith(": 10 iterations, 60 steps; bound 2 not finished (2 of its schedules run); no bug found", report.Summary());
    }
}
