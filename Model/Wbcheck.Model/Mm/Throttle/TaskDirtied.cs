using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

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
    private int nrDirtiedField;
    private int nrDirtiedPauseField = InitialNrDirtiedPause;
    private long dirtyPausedWhenField;

    /// <summary>The initial nr_dirtied_pause of a forked task: 128 KiB of pages (DIRTY_POLL_THRESH).</summary>
    [Models("kernel/fork.c", "copy_process (nr_dirtied_pause)", "4.19")]
    public const int InitialNrDirtiedPause = 128 >> (12 - 10);

    /// <summary>current-&gt;nr_dirtied: an int, as in the kernel.</summary>
    public int NrDirtied
    {
        get
        {
            AccessLog.Read(AccessId(Field.NrDirtied));
            return nrDirtiedField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.NrDirtied));
            nrDirtiedField = value;
        }
    }

    /// <summary>current-&gt;nr_dirtied_pause.</summary>
    public int NrDirtiedPause
    {
        get
        {
            AccessLog.Read(AccessId(Field.NrDirtiedPause));
            return nrDirtiedPauseField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.NrDirtiedPause));
            nrDirtiedPauseField = value;
        }
    }

    /// <summary>current-&gt;dirty_paused_when, in jiffies; 0 for a task that never paused.</summary>
    public long DirtyPausedWhen
    {
        get
        {
            AccessLog.Read(AccessId(Field.DirtyPausedWhen));
            return dirtyPausedWhenField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.DirtyPausedWhen));
            dirtyPausedWhenField = value;
        }
    }

    /// <summary>
    /// tsk-&gt;dirties (2.6.24 to 3.1): the task's share of vm_dirties, the floating proportion of
    /// recent dirtying that task_dirty_limit lowers a heavy dirtier's threshold by.
    /// </summary>
    [Models("include/linux/sched.h", "struct task_struct (dirties)", "2.6.29")]
    public PropLocal Dirties { get; } = new();

    public override string ToString() => $"nr_dirtied {NrDirtied}, nr_dirtied_pause {NrDirtiedPause}";

    private ulong AccessId(Field field) => AccessIds.Of(AccessIds.Kind.Subsystem, 3, (int)field);

    /// <summary>The task's counts, as AccessIds numbers them (shared by every task).</summary>
    private enum Field
    {
        NrDirtied,
        NrDirtiedPause,
        DirtyPausedWhen,
    }
}
