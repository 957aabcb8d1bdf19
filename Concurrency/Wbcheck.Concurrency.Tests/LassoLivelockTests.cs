using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Tests.Programs;

namespace Wbcheck.Concurrency.Tests;

/// <summary>Livelocks reported as lassos: a state that comes back on a fair cycle while a liveness monitor is hot.</summary>
public sealed class LassoLivelockTests
{
    private static readonly TestingConfiguration Random = TestingConfiguration.Default with
    {
        Strategy = "random",
        Iterations = 200,
        LassoLivelocks = true,
    };

    [Fact]
    public void A_spin_that_repeats_its_state_is_reported_as_a_lasso_and_replays()
    {
        var program = new SpinForFlag(lostWakeup: true, setterYields: 0);
        var report = TestingEngine.Run(program, Random);

        var trace = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Livelock, trace.Bug.Kind);
        Assert.Equal("spinner returns", trace.Bug.Source);
        Assert.Contains("stays hot around a cycle of 1 decisions", trace.Bug.Message);
        Assert.StartsWith("prefix: decisions 0 to ", trace.Bug.Details[0]);
        Assert.Equal("  " + trace.Bug.Step + ": T1(spinner) yield spin", trace.Bug.Details[1]);
        Assert.True(trace.Steps.Count < 20, $"{trace.Steps.Count} steps");
        Assert.Equal(trace.Bug.Step, trace.Bug.CycleStart);
        TraceFiles.AssertReplaysFromFile(program, trace);

        var reread = Traces.TraceJson.Read(Traces.TraceJson.Write(trace), "lasso");
        Assert.Equal(trace.Bug.CycleStart, reread.Bug.CycleStart);
        Assert.True(reread.Lassos);
        var cycle = $"the cycle starts here: steps {trace.Bug.Step} to {trace.Bug.Step} come back to this state and repeat forever";
        Assert.Contains("---- " + cycle + " ----\n", Wbcheck.Concurrency.Rendering.TimelineRenderer.Render(reread, program));
        Assert.Contains(cycle, Wbcheck.Concurrency.Rendering.HtmlTraceRenderer.Render(reread, program));
    }

    [Fact]
    public void Without_lassos_the_same_livelock_waits_for_the_liveness_bound()
    {
        var report = TestingEngine.Run(new SpinForFlag(lostWakeup: true, setterYields: 0), Random with { LassoLivelocks = false });

        var trace = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Livelock, trace.Bug.Kind);
        Assert.True(trace.Steps.Count > TestingConfiguration.Default.HotBound, $"{trace.Steps.Count} steps");
    }

    [Fact]
    public void A_cycle_in_which_a_runnable_thread_never_runs_is_not_a_livelock()
    {
        // The spinner repeats its state many times while the setter, runnable, waits its turn:
        // without the fairness check each of those cycles would be reported.
        var report = TestingEngine.Run(new SpinForFlag(lostWakeup: false, setterYields: 3), Random);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.IterationsDone, report.StopReason);
    }
}
