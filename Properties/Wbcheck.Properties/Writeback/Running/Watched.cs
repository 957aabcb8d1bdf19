namespace Wbcheck.Properties.Writeback.Running;

/// <summary>
/// The invariants a run watches. A kernel BUG, a thread sleeping inside a spinlock, a deadlock
/// and an operation that never ends are always failures, whatever is watched; so are the
/// context and consequence invariants (no silent clean, the writeback budget, no write past
/// EOF, the EOF tail zeroed, reclaim's inode references), which every case watches
/// (<see cref="WritebackWorld"/>), the budget only noted on an era whose kernel is known to
/// overshoot it, outside the budget property (<see cref="KnownBudgetOvershoot"/>). 32 and 64 were no silent clean and the budget's flags
/// before they were always watched.
/// </summary>
[Flags]
public enum Watched
{
    None = 0,

    /// <summary>Tag/flag coherence, after every step.</summary>
    Coherence = 1,

    /// <summary>NR_FILE_DIRTY and NR_WRITEBACK, after every step.</summary>
    Accounting = 2,

    /// <summary>No lost dirty data on WB_SYNC_ALL, when each sync returns.</summary>
    Integrity = 4,

    /// <summary>Ascending lock order within each writeback pass, at each page lock.</summary>
    LockOrder = 8,

    /// <summary>Truncate and reclaim safety, at each removal, free, submission and truncate end.</summary>
    TruncateReclaim = 16,

    /// <summary>Tagged passes tag only their range and write only pages tagged TOWRITE since they began, after every step and at each -&gt;writepage.</summary>
    Towrite = 128,

    /// <summary>Stable pages: no page's data changes while a write bio of it is in flight on a device that needs stable pages, after every step.</summary>
    StablePages = 256,
}
