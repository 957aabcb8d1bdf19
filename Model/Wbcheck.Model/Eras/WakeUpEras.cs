namespace Wbcheck.Model;

/// <summary>
/// What a wake-up of a task that has queued itself on a wait queue and set its sleeping state, but
/// not yet been taken off the runqueue by schedule(), counts for. docs/eras.md, the section of
/// branch wakefix24.
/// </summary>
public static class WakeUpEras
{
    /// <summary>
    /// try_to_wake_up reports success, so __wake_up_common counts the exclusive wake-up and
    /// autoremove_wake_function takes the entry off the queue, as soon as the task's state matches,
    /// whether or not schedule() has yet taken it off the runqueue (`success = 1; /* we're going
    /// to change -&gt;state */` before the on_rq test, in 3.x and later kernel/sched/core.c
    /// [V: several copies]). Before, it succeeded only for a task already off the runqueue: the
    /// O(1) scheduler's `if (p-&gt;array) goto out_running;` (2.5.x, 2.6.20) and CFS's
    /// `if (p-&gt;se.on_rq) goto out_running;` (2.6.2x/3x) set TASK_RUNNING with success 0
    /// [V: per review24b]; so a wake-up landing between the queueing and schedule()'s dequeue
    /// makes the task run on but is not counted: the wake goes on to the next sleeper and the
    /// entry stays queued. The change is Peter Zijlstra's try_to_wake_up rework of 3.0 [R: commit
    /// not verified]. The model's eras from 3.19.
    /// </summary>
    public static bool WakeUpCountsTaskNotYetAsleep(this KernelEra era) => era.AtLeast(KernelEra.V3_19);
}
