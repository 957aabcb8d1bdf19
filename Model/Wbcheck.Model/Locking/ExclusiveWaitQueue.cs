using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Locking;

/// <summary>
/// A wait_queue_head_t whose sleepers all wait exclusively: a wake_up wakes the first of them in
/// line that is asleep. An entry queued by <see cref="PrepareToWaitExclusive"/> is taken off the
/// queue by its wake-up (autoremove_wake_function), so the next wake_up wakes the next one even
/// if the first has not run yet, and a woken task that must sleep again goes to the back. An
/// entry queued by <see cref="AddWaitQueueExclusive"/> (DECLARE_WAITQUEUE, default_wake_function)
/// stays in its place until <see cref="RemoveWaitQueue"/>: a wake_up passes over it while its task
/// is running (try_to_wake_up of a running task wakes nothing and is not counted), and the task
/// sleeps again from the same place. Each sleeper sleeps on a <see cref="WaitQueue"/> of its own,
/// all named as this queue is (what a deadlock report shows), and all with its access id, so the
/// search sees every sleep and wake here as one object's.
/// </summary>
public sealed class ExclusiveWaitQueue
{
    private readonly List<WaitQueue> waiters = [];

    // Entries that stay queued across their wake-ups (add_wait_queue_exclusive), and those of them
    // whose task a wake-up has made runnable and which have not gone back to sleep.
    private readonly HashSet<WaitQueue> staying = [];
    private readonly HashSet<WaitQueue> running = [];
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
        var wait = NewEntry();
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
    /// Queue the current task at the back, exclusive, for good: its entry stays in place across
    /// wake-ups until <see cref="RemoveWaitQueue"/>. Before each sleep on it the task calls
    /// <see cref="SetCurrentStateUninterruptible"/>.
    /// </summary>
    [Models("kernel/fork.c", "add_wait_queue_exclusive (DECLARE_WAITQUEUE: default_wake_function)", "2.5.31")]
    public WaitQueue AddWaitQueueExclusive()
    {
        AccessLog.Write(head.AccessId);
        var wait = NewEntry();
        waiters.Add(wait);
        staying.Add(wait);
        return wait;
    }

    /// <summary>
    /// The task of <paramref name="wait"/> (an <see cref="AddWaitQueueExclusive"/> entry) is about
    /// to sleep again: from here a wake_up may wake it.
    /// </summary>
    [Models("include/linux/sched.h", "set_current_state (TASK_UNINTERRUPTIBLE)", "2.5.31")]
    public void SetCurrentStateUninterruptible(WaitQueue wait)
    {
        AccessLog.Write(head.AccessId);
        running.Remove(wait);
    }

    /// <summary>Take <paramref name="wait"/> (an <see cref="AddWaitQueueExclusive"/> entry) off the queue.</summary>
    [Models("kernel/fork.c", "remove_wait_queue", "2.5.31")]
    public void RemoveWaitQueue(WaitQueue wait)
    {
        AccessLog.Write(head.AccessId);
        waiters.Remove(wait);
        staying.Remove(wait);
        running.Remove(wait);
    }

    /// <summary>
    /// Wake the first <paramref name="nrExclusive"/> sleepers in line (all with
    /// <see cref="int.MaxValue"/>), passing over tasks already running; an autoremove entry is
    /// taken off the queue. Returns how many were woken (what __wake_up returns from 6.2 [V]).
    /// </summary>
    [Models("kernel/sched/wait.c", "__wake_up (nr_exclusive), autoremove_wake_function", "2.6.20")]
    [Models("kernel/sched/wait.c", "__wake_up_common (default_wake_function: try_to_wake_up of a sleeping task)", "2.5.31")]
    public int WakeUp(IKernelRuntime runtime, int nrExclusive)
    {
        AccessLog.Write(head.AccessId);
        var woken = new List<WaitQueue>();
        foreach (var wait in waiters)
        {
            if (woken.Count == nrExclusive)
            {
                break;
            }

            if (!running.Contains(wait))
            {
                woken.Add(wait);
            }
        }

        foreach (var wait in woken)
        {
            runtime.WakeAll(wait);
            if (staying.Contains(wait))
            {
                running.Add(wait);
            }
            else
            {
                waiters.Remove(wait);
            }
        }

        return woken.Count;
    }

    public override string ToString() => head.Name;

    private WaitQueue NewEntry() => new(head.Name) { HolderNote = head.HolderNote, AccessId = head.AccessId };
}
