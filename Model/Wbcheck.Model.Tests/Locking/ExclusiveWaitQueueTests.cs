using Wbcheck.Model.Locking;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Locking;

/// <summary>
/// The two kinds of exclusive sleeper (branch wake24). 2.5.31's get_request_wait queues with
/// add_wait_queue_exclusive (default_wake_function): the entry stays in place across its
/// wake-ups, a wake_up passes over it while its task runs, and once the task sleeps again it is
/// still first in line. From 2.6.20 prepare_to_wait_exclusive's entry (autoremove_wake_function)
/// is taken off by its wake-up, and the task that sleeps again queues at the back.
/// </summary>
public sealed class ExclusiveWaitQueueTests
{
    private static readonly StepLabel Label = new("get_request_wait", 1);

    /// <summary>
    /// Before 3.0 (branch wakefix24): a wake-up of a task that has queued but is not yet off the
    /// runqueue makes it run on (its schedule() does not sleep) but is not counted: it wakes the
    /// next sleeper too, and the entry stays queued.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_wake_up_before_the_sleep_makes_the_task_run_on_and_counts_from_3_0(bool counts)
    {
        var queue = new ExclusiveWaitQueue("rl->wait[WRITE]", null, counts);
        var runtime = new WakeRecorder();
        var a = queue.PrepareToWaitExclusive();
        var b = queue.PrepareToWaitExclusive();
        queue.Schedule(runtime, b, Label);

        var woken = queue.WakeUp(runtime, 1);
        queue.Schedule(runtime, a, Label);

        Assert.True(queue.IsRunning(a));
        Assert.DoesNotContain(a, runtime.Slept);
        Assert.Equal(1, woken);
        Assert.Equal(counts ? [a] : [b], runtime.Woken);
        Assert.Equal(1, queue.Count);

        // Before 3.0 the entry left is a's, running, so passed over; from 3.0 it is b's, asleep.
        Assert.Equal(counts ? 1 : 0, queue.WakeUp(runtime, 1));
    }

    [Fact]
    public void A_staying_sleeper_woken_and_asleep_again_is_still_first_in_line()
    {
        var queue = new ExclusiveWaitQueue("rl->wait[WRITE]", null, countsTaskNotYetAsleep: false);
        var runtime = new WakeRecorder();
        var a = queue.AddWaitQueueExclusive();
        var b = queue.AddWaitQueueExclusive();
        queue.Schedule(runtime, a, Label);
        queue.Schedule(runtime, b, Label);

        Assert.Equal(1, queue.WakeUp(runtime, 1));
        queue.SetCurrentStateUninterruptible(a);
        queue.Schedule(runtime, a, Label);
        queue.WakeUp(runtime, 1);

        Assert.Equal([a, a], runtime.Woken);
        Assert.DoesNotContain(b, runtime.Woken);
    }

    /// <summary>try_to_wake_up of a task already running wakes nothing and is not counted: the next sleeper is woken.</summary>
    [Fact]
    public void A_wake_up_passes_over_a_staying_sleeper_that_is_running()
    {
        var queue = new ExclusiveWaitQueue("rl->wait[WRITE]", null, countsTaskNotYetAsleep: false);
        var runtime = new WakeRecorder();
        var a = queue.AddWaitQueueExclusive();
        var b = queue.AddWaitQueueExclusive();
        queue.Schedule(runtime, a, Label);
        queue.Schedule(runtime, b, Label);

        queue.WakeUp(runtime, 1);
        queue.WakeUp(runtime, 1);

        Assert.Equal([a, b], runtime.Woken);
        Assert.Equal(2, queue.Count);
        Assert.Equal(0, queue.WakeUp(runtime, 1));
    }

    [Fact]
    public void An_autoremove_sleeper_that_sleeps_again_queues_behind_the_others()
    {
        var queue = new ExclusiveWaitQueue("rl->wait[WRITE]", null, countsTaskNotYetAsleep: false);
        var runtime = new WakeRecorder();
        var a = queue.PrepareToWaitExclusive();
        var b = queue.PrepareToWaitExclusive();
        queue.Schedule(runtime, a, Label);
        queue.Schedule(runtime, b, Label);

        queue.WakeUp(runtime, 1);
        queue.FinishWait(a);
        var again = queue.PrepareToWaitExclusive();
        queue.Schedule(runtime, again, Label);
        queue.WakeUp(runtime, 1);
        queue.WakeUp(runtime, 1);

        Assert.Equal([a, b, again], runtime.Woken);
    }
}
