using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Locking;

/// <summary>
/// A wait_queue_head_t whose sleepers all wait exclusively (prepare_to_wait_exclusive): a
/// wake_up wakes the first of them in line only, and takes it off the queue
/// (autoremove_wake_function), so the next wake_up wakes the next one even if the first has not
/// run yet. A woken task that must sleep again goes to the back. Each sleeper sleeps on a
/// <see cref="WaitQueue"/> of its own, all named as this queue is (what a deadlock report
/// shows), and all with its access id, so the search sees every sleep and wake here as one
/// object's.
/// </summary>
public sealed class ExclusiveWaitQueue
{
    private readonly List<WaitQueue> waiters = [];
    private readonly WaitQueue head;

    /// <summary>A queue named <paramref name="name"/>; <paramref name="holderNote"/> says who ends the sleeps.</summary>
    public ExclusiveWaitQueue(string name, string? holderNote)
    {
        head = new WaitQueue(name) { HolderNote = holderNote };
    }

    /// <summary>What the sleepers wait for.</summary>
    public string Name => head.Name;

    /// <summary>How many tasks are on the queue (waitqueue_active: any).</summary>
    public int Count
    {
        get
        {
            AccessLog.Read(head.AccessId);
            return waiters.Count;
        }
    }

    /// <summary>
    /// Queue the current task at the back, exclusive: it sleeps on the queue returned, and must
    /// call <see cref="FinishWait"/> with it once it runs again.
    /// </summary>
    [Models("kernel/sched/wait.c", "prepare_to_wait_exclusive", "2.6.20")]
    public WaitQueue PrepareToWaitExclusive()
    {
        AccessLog.Write(head.AccessId);
        var wait = new WaitQueue(head.Name) { HolderNote = head.HolderNote, AccessId = head.AccessId };
        waiters.Add(wait);
        return wait;
    }

    /// <summary>Take <paramref name="wait"/> off the queue if a wake-up has not already.</summary>
    [Models("kernel/sched/wait.c", "finish_wait", "2.6.20")]
    public void FinishWait(WaitQueue wait)
    {
        AccessLog.Write(head.AccessId);
        waiters.Remove(wait);
    }

    /// <summary>
    /// Wake the first <paramref name="nrExclusive"/> sleepers in line (all with
    /// <see cref="int.MaxValue"/>), each taken off the queue.
    /// </summary>
    [Models("kernel/sched/wait.c", "__wake_up (nr_exclusive), autoremove_wake_function", "2.6.20")]
    public void WakeUp(IKernelRuntime runtime, int nrExclusive)
    {
        AccessLog.Write(head.AccessId);
        var woken = Math.Min(nrExclusive, waiters.Count);
        for (var i = 0; i < woken; i++)
        {
            runtime.WakeAll(waiters[i]);
        }

        waiters.RemoveRange(0, woken);
    }

    public override string ToString() => head.Name;
}
