using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Locking;

/// <summary>
/// A wait_queue_head_t whose sleepers all wait exclusively: a wake_up wakes the first of them in
/// line that is asleep. An entry queued by <see cref="PrepareToWaitExclusive"/> is taken off the
/// queue by its wake-up (autoremove_wake_function), so the next wake_up wakes the next one even
/// if the first has not run yet, and a woken task that must sleep again goes to the back. An
/// entry queued by <see cref="AddWaitQueueExclusive"/> (DECLARE_WAITQUEUE: in 2.5.31 the task
/// itself, which __wake_up_common hands to try_to_wake_up)
/// stays in its place until <see cref="RemoveWaitQueue"/>: a wake_up passes over it while its task
/// is running (try_to_wake_up of a running task wakes nothing and is not counted), and the task
/// sleeps again from the same place. A task between queueing (or set_current_state) and its sleep
/// (<see cref="Schedule"/>) may be woken there: it then does not sleep, and before 3.0 that
/// wake-up is not counted and leaves its entry queued (<see cref="WakeUpEras.WakeUpCountsTaskNotYetAsleep"/>).
/// Each sleeper sleeps on a <see cref="WaitQueue"/> of its own,
/// all named as this queue is (what a deadlock report shows), and all with its access id, so the
/// search sees every sleep and wake here as one object's.
/// </summary>
public sealed class ExclusiveWaitQueue
{
    private readonly List<WaitQueue> waiters = [];

    // Entries that stay queued across their wake-ups (add_wait_queue_exclusive); entries whose
    // task a wake-up has made runnable (TASK_RUNNING) and which have not set their sleeping state
    // again; entries whose task is asleep in schedule(), off the runqueue.
    private readonly HashSet<WaitQueue> staying = [];
    private readonly HashSet<WaitQueue> running = [];
    private readonly HashSet<WaitQueue> asleep = [];
    private readonly WaitQueue head;
    private readonly bool countsTaskNotYetAsleep;

    /// <summary>
    /// A queue named <paramref name="name"/>; <paramref name="holderNote"/> says who ends the
    /// sleeps; <paramref name="countsTaskNotYetAsleep"/>: a wake-up of a queued task not yet
    /// asleep counts (from 3.0, <see cref="WakeUpEras.WakeUpCountsTaskNotYetAsleep"/>).
    /// </summary>
    public ExclusiveWaitQueue(string name, string? holderNote, bool countsTaskNotYetAsleep)
    {
        head = new WaitQueue(name) { HolderNote = holderNote };
        this.countsTaskNotYetAsleep = countsTaskNotYetAsleep;
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
    [Models("kernel/wait.c", "prepare_to_wait_exclusive", "2.6.20")]
    public WaitQueue PrepareToWaitExclusive()
    {
        AccessLog.Write(head.AccessId);
        var wait = NewEntry();
        waiters.Add(wait);
        return wait;
    }

    /// <summary>Take <paramref name="wait"/> off the queue if a wake-up has not already.</summary>
    [Models("kernel/wait.c", "finish_wait", "2.6.20")]
    public void FinishWait(WaitQueue wait)
    {
        AccessLog.Write(head.AccessId);
        waiters.Remove(wait);
        running.Remove(wait);
        asleep.Remove(wait);
    }

    /// <summary>
    /// schedule() after queueing: the task of <paramref name="wait"/> sleeps on it, unless a
    /// wake-up since it queued (or set its state) has made it TASK_RUNNING, when schedule()
    /// returns at once and the caller looks again.
    /// </summary>
    [Models("kernel/sched.c", "schedule (a task whose state a wake-up set to TASK_RUNNING is not dequeued)", "2.6.20")]
    public Preemption Schedule(IKernelRuntime runtime, WaitQueue wait, StepLabel label)
    {
        AccessLog.Write(head.AccessId);
        if (running.Contains(wait))
        {
            return Preemption.Completed;
        }

        asleep.Add(wait);
        return runtime.Sleep(wait, label);
    }

    /// <summary>Whether a wake-up has made the task of <paramref name="wait"/> runnable since it last set its sleeping state.</summary>
    public bool IsRunning(WaitQueue wait)
    {
        AccessLog.Read(head.AccessId);
        return running.Contains(wait);
    }

    /// <summary>
    /// Queue the current task at the back, exclusive, for good: its entry stays in place across
    /// wake-ups until <see cref="RemoveWaitQueue"/>. Before each sleep on it the task calls
    /// <see cref="SetCurrentStateUninterruptible"/>.
    /// </summary>
    [Models("kernel/fork.c", "add_wait_queue_exclusive (DECLARE_WAITQUEUE: the task itself, woken by try_to_wake_up)", "2.5.31")]
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
        asleep.Remove(wait);
    }

    /// <summary>
    /// Wake the first <paramref name="nrExclusive"/> sleepers in line (all with
    /// <see cref="int.MaxValue"/>), passing over tasks already running; an autoremove entry is
    /// taken off the queue. A task queued but not yet asleep is made runnable; before 3.0 that is
    /// not counted and its entry stays (try_to_wake_up's success 0 for a task still on the
    /// runqueue), so the wake-up goes on to the next. Returns how many were woken (what __wake_up
    /// returns from 6.2 [V]).
    /// </summary>
    [Models("kernel/sched.c", "__wake_up (nr_exclusive), autoremove_wake_function", "2.6.20")]
    [Models("kernel/sched.c", "__wake_up_common (try_to_wake_up: counted only for a task off the runqueue)", "2.5.31")]
    [Models("kernel/sched/core.c", "try_to_wake_up (success once the state matches)", "3.19")]
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

            if (running.Contains(wait))
            {
                continue;
            }

            if (!countsTaskNotYetAsleep && !asleep.Contains(wait))
            {
                // Still on the runqueue: TASK_RUNNING, so schedule() will not sleep, but not counted.
                running.Add(wait);
                continue;
            }

            woken.Add(wait);
        }

        foreach (var wait in woken)
        {
            runtime.WakeAll(wait);
            if (staying.Contains(wait) || !asleep.Contains(wait))
            {
                running.Add(wait);
            }

            if (!staying.Contains(wait))
            {
                waiters.Remove(wait);
            }

            asleep.Remove(wait);
        }

        return woken.Count;
    }

    public override string ToString() => head.Name;

    private WaitQueue NewEntry() => new(head.Name) { HolderNote = head.HolderNote, AccessId = head.AccessId };
}
