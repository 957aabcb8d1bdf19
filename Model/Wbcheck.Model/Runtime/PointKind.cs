namespace Wbcheck.Model.Runtime;

/// <summary>The kind of scheduling point, recorded in traces so that a trace reads like a story.</summary>
public enum PointKind : byte
{
    /// <summary>A thread's first step.</summary>
    Start,

    /// <summary>A plain preemption point: cond_resched, or between two kernel operations.</summary>
    Yield,

    /// <summary>Taking a sleeping lock (lock_page, i_rwsem).</summary>
    Lock,

    /// <summary>Sleeping on a wait queue (wait_on_page_writeback, waiting for a lock).</summary>
    Wait,

    /// <summary>The entry of a spinlock section (tree_lock / xa_lock).</summary>
    SpinLock,

    /// <summary>Submitting I/O (submit_bio).</summary>
    SubmitIo,

    /// <summary>An I/O completing (bio end_io, in interrupt context).</summary>
    CompleteIo,

    /// <summary>Reading a shared variable (a program written with the engine's generic primitives).</summary>
    Read,

    /// <summary>Writing a shared variable (a program written with the engine's generic primitives).</summary>
    Write,
}
