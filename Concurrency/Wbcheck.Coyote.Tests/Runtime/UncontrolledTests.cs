using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Coyote.Tests.Runtime;

/// <summary>
/// Model code that waits on something Coyote does not control is reported in one line naming the
/// thread and the step, never a hang: an await of a foreign task ends the step without a scheduling
/// point; an OS-level block is caught by Coyote's hang timeout.
/// </summary>
public sealed class UncontrolledTests
{
    private static readonly StepLabel Before = new("before-delay");

    [Fact]
    public void An_await_of_task_delay_is_uncontrolled_concurrency_naming_the_thread()
    {
        var program = new TestProgram("delay", setup =>
        {
            var runtime = setup.Runtime;
            runtime.Spawn("sleeper", async () =>
            {
                await runtime.Schedule(PointKind.Yield, Before);
                // Long enough that it cannot have elapsed when the await looks, however loaded the machine.
                await Task.Delay(TimeSpan.FromSeconds(10));
            });
        });

        var report = CoyoteEngine.Run(program, CoyoteSettings.Default with { Iterations = 5 });

        Assert.NotNull(report.Bug);
        Assert.Equal(BugKind.UncontrolledConcurrency, report.Bug.Kind);
        Assert.Contains("T0(sleeper) awaited something Coyote does not control in step 1 (before-delay)", report.Bug.Message);
        Assert.DoesNotContain('\n', report.Bug.Message);
    }

    [Fact]
    public void A_step_blocked_on_an_os_event_is_reported_as_hung_within_the_hang_timeout()
    {
        using var gate = new ManualResetEventSlim(false);
        var program = new TestProgram("blocked", setup =>
        {
            var runtime = setup.Runtime;
            runtime.Spawn("waiter", async () =>
            {
                await runtime.Schedule(PointKind.Yield, Before);
                gate.Wait(TimeSpan.FromSeconds(30));
            });
        });

        try
        {
            var report = CoyoteEngine.Run(program, CoyoteSettings.Default with { Iterations = 1, HangTimeout = TimeSpan.FromMilliseconds(500) });

            Assert.NotNull(report.Bug);
            Assert.True(report.Bug.Kind == BugKind.UncontrolledConcurrency, report.Bug.Message);
            Assert.Contains("T0(waiter) blocked in step 1 (before-delay) on something Coyote does not control", report.Bug.Message);
        }
        finally
        {
            gate.Set();
        }
    }
}
