using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

public sealed class SequentialRuntimeTests
{
    /// <summary>
    /// T0 sleeps on A; running pending threads for it, T1 sleeps on B; running the rest for T1,
    /// T2 wakes A, then B. T1's wait ends, and T0's wake must not be lost on the way.
    /// </summary>
    [Fact]
    public void A_wake_for_an_outer_sleeper_reaches_it_through_a_nested_sleep()
    {
        var runtime = new SequentialRuntime { RunPendingWhenBlocked = true };
        var a = new WaitQueue("A");
        var b = new WaitQueue("B");
        bool aReady = false, bReady = false, t1Done = false;
        runtime.Spawn("t1", async () =>
        {
            while (!bReady)
            {
                await runtime.Sleep(b, new StepLabel("wait b"));
            }

            t1Done = true;
        });
        runtime.Spawn("t2", () =>
        {
            aReady = true;
            runtime.WakeAll(a);
            bReady = true;
            runtime.WakeAll(b);
            return Task.CompletedTask;
        });

        runtime.Run("t0", async () =>
        {
            while (!aReady)
            {
                await runtime.Sleep(a, new StepLabel("wait a"));
            }
        });

        Assert.True(aReady && t1Done);
    }

    [Fact]
    public void A_sleep_nothing_pending_can_end_still_reports_would_block()
    {
        var runtime = new SequentialRuntime { RunPendingWhenBlocked = true };
        var queue = new WaitQueue("never");

        var blocked = Assert.Throws<WouldBlockException>(() => runtime.Run("t0", async () =>
        {
            await runtime.Sleep(queue, new StepLabel("wait"));
        }));

        Assert.Equal("never", blocked.Queue.Name);
    }
}
