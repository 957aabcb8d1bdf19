using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Coyote.Tests.Runtime;

/// <summary>Every Coyote run is bounded in steps an iteration and in time, as runs of our engine are.</summary>
public sealed class BoundsTests
{
    private static readonly StepLabel Spin = new("spin");

    [Fact]
    public void A_terminating_program_past_its_step_bound_is_reported_as_our_engine_reports_it()
    {
        var report = CoyoteEngine.Run(Spinner(terminates: true), CoyoteSettings.Default with { Iterations = 3, MaxSteps = 50 });

        Assert.NotNull(report.Bug);
        Assert.Equal(BugKind.MaxStepsExceeded, report.Bug.Kind);
        Assert.Contains("still runs after 50 steps (unfinished: T0 at spin)", report.Bug.Message);
    }

    [Fact]
    public void A_program_that_never_ends_stops_at_the_step_bound_without_a_bug()
    {
        var report = CoyoteEngine.Run(Spinner(terminates: false), CoyoteSettings.Default with { Iterations = 3, MaxSteps = 50 });

        Assert.Null(report.Bug);
        Assert.Equal(3, report.Iterations);
    }

    [Fact]
    public void A_run_stops_at_its_time_bound()
    {
        var settings = CoyoteSettings.Default with { Iterations = 1_000_000, MaxSteps = 100, Timeout = TimeSpan.FromSeconds(1) };

        var report = CoyoteEngine.Run(Spinner(terminates: false), settings);

        Assert.True(report.TimedOut);
        Assert.Null(report.Bug);
        Assert.InRange(report.Iterations, 1, 999_999);
    }

    private static TestProgram Spinner(bool terminates) => new(
        "spinner",
        setup =>
        {
            var runtime = setup.Runtime;
            runtime.Spawn("spinner", async () =>
            {
                while (true)
                {
                    await runtime.Schedule(PointKind.Yield, Spin);
                }
            });
        },
        terminates);
}
