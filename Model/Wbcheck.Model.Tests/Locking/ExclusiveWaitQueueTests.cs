using Wbcheck.Model.Locking;

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
    [Fact]
    public void A_staying_sleeper_woken_and_asleep_again_is_still_first_in_line()
    {
        var queue = new ExclusiveWaitQueue("rl->wait[WRITE]", null);
        var runtime = new WakeRecorder();
        var a = queue.AddWaitQueueExclusive();
        var b = queue.AddWaitQueueExclusive();

        Assert.Equal(1, queue.WakeUp(runtime, 1));
        queue.SetCurrentStateUninterruptible(a);
        queue.WakeUp(runtime, 1);

        Assert.Equal([a, a], runtime.Woken);
        Assert.DoesNotContain(b, runtime.Woken);
    }

    /// <summary>try_to_wake_up of a task already running wakes nothing and is not counted: the next sleeper is woken.</summary>
    [Fact]
    public void A_wake_up_passes_over_a_staying_sleeper_that_is_running()
    {
        var queue = new ExclusiveWaitQueue("rl->wait[WRITE]", null);
        var runtime = new WakeRecorder();
        var a = queue.AddWaitQueueExclusive();
        var b = queue.AddWaitQueueExclusive();

        queue.WakeUp(runtime, 1);
        queue.WakeUp(runtime, 1);

        Assert.Equal([a, b], runtime.Woken);
        Assert.Equal(2, queue.Count);
        Assert.Equal(0, queue.WakeUp(runtime, 1));
    }

    [Fact]
    public void An_autoremove_sleeper_that_sleeps_again_queues_behind_the_others()
    {
        var queue = new ExclusiveWaitQueue("rl->wait[WRITE]", null);
        var runtime = new WakeRecorder();
        var a = queue.PrepareToWaitExclusive();
        var b = queue.PrepareToWaitExclusive();

        queue.WakeUp(runtime, 1);
        queue.FinishWait(a);
        var again = queue.PrepareToWaitExclusive();
        queue.WakeUp(runtime, 1);
        queue.WakeUp(runtime, 1);

        Assert.Equal([a, b, again], runtime.Woken);
    }
}
