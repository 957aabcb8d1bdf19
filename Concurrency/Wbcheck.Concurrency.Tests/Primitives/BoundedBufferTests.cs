using Wbcheck.Concurrency.Bugs;

namespace Wbcheck.Concurrency.Tests.Primitives;

/// <summary>The worked example of docs/engine-api.md: a user's bounded buffer, checked by DFS.</summary>
public sealed class BoundedBufferTests
{
    private static readonly TestingConfiguration Dfs = TestingConfiguration.Default with
    {
        Strategy = "dfs",
        Iterations = 100_000,
    };

    [Fact]
    public void One_condition_variable_with_notify_one_can_put_every_thread_to_sleep()
    {
        var program = BoundedBuffer.Program(oneCondition: true);
        var report = TestingEngine.Run(program, Dfs);

        var trace = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Deadlock, trace.Bug.Kind);
        Assert.Contains(trace.Bug.Details, line => line.StartsWith("T0(producer) sleeps on condition changed", StringComparison.Ordinal));
        Assert.Contains(trace.Bug.Details, line => line.Contains("sleeps on condition changed at wait(changed), held by nobody: a wake-up was missed", StringComparison.Ordinal));
        TraceFiles.AssertReplaysFromFile(program, trace);
    }

    [Fact]
    public void Two_condition_variables_hold_over_every_schedule()
    {
        var report = TestingEngine.Run(BoundedBuffer.Program(oneCondition: false), Dfs with { StopAtFirstBug = false });

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }
}
