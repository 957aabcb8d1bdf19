using System.Globalization;
using System.Text.RegularExpressions;
using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Minimization;
using Wbcheck.Concurrency.Tests.Programs;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Tests;

/// <summary>The minimizer reaches the fewest preemptions a bug needs, not the trace's local minimum.</summary>
public sealed class MinimalPreemptionTests
{
    private static BugTrace RandomTrace(TwoWaysToFail program)
    {
        var report = TestingEngine.Run(program, TestingConfiguration.Default with { Strategy = "random", Iterations = 1000 });
        return Assert.Single(report.Bugs);
    }

    [Fact]
    public void Random_finds_the_way_with_many_preemptions_and_delta_debugging_alone_keeps_it()
    {
        // The premise of the next test: shrinking the trace's own switches stops at a local minimum.
        var program = new TwoWaysToFail();
        var trace = RandomTrace(program);

        var shrunk = TraceMinimizer.Minimize(program, trace, searchPreemptions: false);

        Assert.True(trace.Preemptions >= 4, $"random's trace has {trace.Preemptions} preemptions");
        Assert.True(shrunk.Trace.Preemptions >= 4, $"delta debugging alone reached {shrunk.Trace.Preemptions} preemptions");
        Assert.Contains("the reader sampled", shrunk.Trace.Bug.Message);
    }

    [Fact]
    public void The_minimizer_returns_the_one_preemption_trace()
    {
        var program = new TwoWaysToFail();
        var trace = RandomTrace(program);

        var result = TestingEngine.Minimize(program, trace);

        Assert.Equal(1, result.Trace.Preemptions);
        Assert.True(result.FewestPreemptionsProved);
        Assert.EndsWith("the reader sampled 5, 5, 5", result.Trace.Bug.Message);
        // Writer 5 bumps (each its own step, then the step that would bump the 6th), reader 3 samples and its end.
        Assert.Equal(10, result.Trace.Steps.Count);
        Assert.StartsWith($"{trace.Preemptions} -> 1 (fewest: DFS ran every schedule with fewer", result.PreemptionSummary);
        TraceFiles.AssertReplaysFromFile(program, result.Trace);
    }

    [Fact]
    public void Where_the_bounded_search_runs_out_of_budget_in_bound_0_sampling_reaches_the_one_preemption_trace()
    {
        // 20 choices of a thread the bug does not need: bound 0's tree has over a million
        // schedules, more than the bounded search's budget, so it keeps nothing and proves nothing;
        // delta debugging alone keeps the many-preemption way (the first test), and it did not run
        // at all here once the search had used up the minimizer's 4,000 runs. The reduced proof
        // (PreemptionProof) does not finish either: the 20 choices are made in one step, and a
        // state is looked up only where threads branch, so every combination of values is a
        // schedule of its own before the state after them is found explored.
        var program = new TwoWaysToFail(noise: 20);
        var trace = RandomTrace(program);

        var result = TestingEngine.Minimize(program, trace);

        Assert.True(trace.Preemptions >= 4, $"random's trace has {trace.Preemptions} preemptions");
        Assert.Contains("not proved fewest: the bounded search stopped at its budget", result.PreemptionSummary);
        Assert.Equal(1, result.Trace.Preemptions);
        Assert.EndsWith("the reader sampled 5, 5, 5", result.Trace.Bug.Message);
        // The chooser's steps are gone with it (thread elision): the same 10 steps as without it.
        Assert.Equal(10, result.Trace.Steps.Count);
        Assert.DoesNotContain(result.Trace.Steps, step => step.ThreadName == "chooser");
        TraceFiles.AssertReplaysFromFile(program, result.Trace);
        Assert.Equal(result.Trace.ToJson(), TestingEngine.Minimize(program, trace).Trace.ToJson());
    }

    [Fact]
    public void A_budget_too_small_for_the_lower_bounds_says_the_count_is_not_proved()
    {
        var program = new TwoWaysToFail();
        var trace = RandomTrace(program);
        var search = new MinimizationSearch(program, trace, Execution.Deadline.None);

        var bounded = PreemptionSearch.Run(search, stepBudget: 5);

        Assert.False(bounded.Complete);
        Assert.Equal(-1, bounded.ProvedUpTo);
        Assert.Equal(trace.Preemptions, search.Best.Preemptions);
    }

    [Fact]
    public void The_reduced_proof_finds_a_schedule_with_fewer_preemptions_rather_than_proving_none()
    {
        // Random's many-preemption trace, given to the proof directly: bound 3's tree holds the
        // one-preemption way, so the proof finds it, keeps it and proves nothing.
        var program = new TwoWaysToFail(noise: 3);
        var trace = RandomTrace(program);
        var search = new MinimizationSearch(program, trace, Execution.Deadline.None);

        var proof = PreemptionProof.Run(search, (2 * trace.Steps.Count) + 32);

        Assert.False(proof.Proved);
        Assert.True(proof.Found);
        Assert.True(search.BestPreemptions < trace.Preemptions, $"{search.BestPreemptions} preemptions kept");
    }

    [Fact]
    public void A_proof_that_finds_fewer_preemptions_runs_again_below_them_and_proves_the_new_count()
    {
        // As direct-reclaim-writer-vs-fsync 4.13 on model 18: the bounded search left more
        // preemptions than the bug needs, and the proof's tree below them held the better
        // schedule. Before, the minimizer kept it and stopped there, its count not proved.
        var program = new TwoWaysToFail(noise: 3);
        var trace = RandomTrace(program);
        var search = new MinimizationSearch(program, trace, Execution.Deadline.None);
        var unproved = new PreemptionSearchResult(-1, 7, Complete: false, StepLimit: 0);

        var result = TraceMinimizer.Prove(search, unproved);

        Assert.True(trace.Preemptions >= 4, $"random's trace has {trace.Preemptions} preemptions");
        Assert.Equal(1, search.BestPreemptions);
        Assert.Equal((true, true, 0), (result.Complete, result.Reduced, result.ProvedUpTo));
        Assert.True(result.Schedules > 7, $"{result.Schedules} schedules");
    }

    [Fact]
    public void A_reduced_proof_that_runs_out_of_budget_proves_nothing()
    {
        var program = new TwoWaysToFail();
        var trace = RandomTrace(program);
        var minimized = TestingEngine.Minimize(program, trace);
        var search = new MinimizationSearch(program, minimized.Trace, Execution.Deadline.None);

        var whole = PreemptionProof.Run(search, (2 * minimized.Trace.Steps.Count) + 32);
        var cut = PreemptionProof.Run(search, (2 * minimized.Trace.Steps.Count) + 32, stepBudget: 5);

        Assert.Equal((true, false), (whole.Proved, whole.Found));
        Assert.Equal((false, false), (cut.Proved, cut.Found));
        Assert.True(cut.Schedules < whole.Schedules, $"{cut.Schedules} of {whole.Schedules} schedules");
    }

    [Fact]
    public void A_livelock_is_minimized_and_reported_without_its_preemptions_rising()
    {
        // Random's fair phase switches at about every other step; the minimizer's candidates take
        // turns at every step there (round-robin). Counting every switch, the minimized trace had
        // more preemptions than the one given (fsync-vs-dirtier 2.6.29: 2,509 -> 4,378), though
        // the search only ever kept fewer before the fair phase, which is what it minimizes and
        // now what it reports.
        var program = new AppendLivelock(snapshotEnd: false);
        var report = TestingEngine.Run(program, TestingConfiguration.Default with { Strategy = "random", Iterations = 100 });
        var trace = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Livelock, trace.Bug.Kind);

        var result = TestingEngine.Minimize(program, trace);

        Assert.True(result.Trace.Preemptions > trace.Preemptions, $"premise: round-robin switches more ({trace.Preemptions} -> {result.Trace.Preemptions})");
        var counts = Regex.Match(result.PreemptionSummary, @"^(\d+) -> (\d+) before the fair phase");
        Assert.True(counts.Success, result.PreemptionSummary);
        var (before, after) = (int.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.Equal((MinimizationResult.PreemptionsBefore(trace.Steps, trace.FairFrom), result.CountedPreemptions), (before, after));
        Assert.True(after <= before, result.PreemptionSummary);
        Assert.Contains($"{result.CountedPreemptions} preemption", result.ToString().Split(" -> ")[1]);
        TraceFiles.AssertReplaysFromFile(program, result.Trace);
    }
}
