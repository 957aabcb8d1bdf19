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
}
