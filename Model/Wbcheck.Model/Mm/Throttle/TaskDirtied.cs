using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// A task's own dirtying, as the I/O-less throttle (3.2 on) keeps it in task_struct: pages it
/// dirtied since balance_dirty_pages last looked at it, how many it may dirty before it must
/// look again, and when its last pause ended. A -&gt;writepage that redirties a page takes the
/// count back from whichever task runs it, so that a redirty is not counted as new dirtying.
/// </summary>
[Models("include/linux/sched.h", "struct task_struct (nr_dirtied, nr_dirtied_pause, dirty_paused_when)", "4.19")]
public sealed class TaskDirtied
{
    /// <summary>The initial nr_dirtied_pause of a forked task: 128 KiB of pages (DIRTY_POLL_THRESH).</summary>
    [Models("kernel/fork.c", "copy_process (nr_dirtied_pause)", "4.19")]
    public const int InitialNrDirtiedPause = 128 >> (12 - 10);

    /// <summary>current-&gt;nr_dirtied: an int, as in the kernel.</summary>
    public int NrDirtied { get; internal set; }

    /// <summary>current-&gt;nr_dirtied_pause.</summary>
    public int NrDirtiedPause { get; internal set; } = InitialNrDirtiedPause;

    /// <summary>current-&gt;dirty_paused_when, in jiffies; 0 for a task that never paused.</summary>
    public long DirtyPausedWhen { get; internal set; }

    public override string ToString() => $"nr_dirtied {NrDirtied}, nr_dirtied_pause {NrDirtiedPause}";
}
