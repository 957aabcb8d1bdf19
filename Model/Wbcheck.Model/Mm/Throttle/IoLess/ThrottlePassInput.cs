namespace Wbcheck.Model.Mm.Throttle.IoLess;

/// <summary>
/// What one pass of the I/O-less balance_dirty_pages reads: the counters and settings, the task,
/// its device, the global dirty, unstable and writeback pages (nr_dirty), the domain's
/// dirty_limit, the pages the task dirtied since it last looked, the jiffies since its last pause
/// ended (null: dirty_paused_when is 0, a task that never paused), and the pages the device saw
/// dirtied over the <see cref="Elapsed"/> jiffies since its ratelimit was last estimated (at least
/// BANDWIDTH_INTERVAL, as the estimate is taken no more often).
/// </summary>
public sealed record ThrottlePassInput(
    MemoryCounters Memory,
    ThrottleSettings Settings,
    TaskStruct Task,
    BdiWriteback Wb,
    ulong NrDirty,
    ulong DomainDirtyLimit,
    ulong PagesDirtied,
    ulong? Think,
    ulong Dirtied,
    ulong Elapsed);
