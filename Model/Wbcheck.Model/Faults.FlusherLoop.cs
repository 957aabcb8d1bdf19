namespace Wbcheck.Model;

/// <summary>Bugs of the flusher's loop over the dirty inodes (docs/flusher-loop.md), each to prove the check meant to catch it.</summary>
public sealed partial record Faults
{
    /// <summary>
    /// requeue_io does nothing: an inode skipped because another thread is writing it, or whose
    /// slice was used up, is not put on b_more_io, so the loop is not told there is more to write
    /// and may stop over its threshold with that inode's pages dirty.
    /// </summary>
    public bool NoRequeueIo { get; init; }

    /// <summary>
    /// The flusher's loop of 3.x on does not end on a pass without progress and an empty
    /// b_more_io: it goes round again, forever if nothing it can write ever becomes writable.
    /// </summary>
    public bool FlusherIgnoresNoProgress { get; init; }

    /// <summary>
    /// A run of the flusher (2.6.32 on) that found the periodic flush too soon (a flush taken
    /// less than dirty_writeback_interval ago, by a run after a queued work, say) does not sleep
    /// with a timeout: with dirty io left it has no timed wake-up, and periodic writeback stops
    /// until something else wakes the flusher.
    /// </summary>
    public bool SkippedOldDataFlushNotRearmed { get; init; }

    /// <summary>
    /// __mark_inode_dirty's first dirty inode of an idle disk (2.6.32 on) arms no delayed
    /// wake-up of the flusher (bdi_wakeup_thread_delayed, wb_wakeup_delayed): the flusher, asleep
    /// without a timeout, takes no periodic flush of it until something else wakes it.
    /// </summary>
    public bool FirstDirtyingWakesNoFlusher { get; init; }

    /// <summary>
    /// __mark_inode_dirty (2.6.39 on) tests whether the disk has dirty io under i_lock, before
    /// it takes the list lock to move the inode onto b_dirty, as 2.6.39 to 3.11 did (Junxiao
    /// Bi's race, fixed in 3.12): a flusher that empties its lists in between sleeps without a
    /// timeout, and the new dirty inode wakes nothing.
    /// </summary>
    public bool DirtyIoTestedBeforeListLock { get; init; }

    /// <summary>
    /// The root wb's background writeout (the disk's, before cgroup writeback) tests the
    /// machine's background threshold alone, as before b00949aa2df9 ("writeback: per-bdi
    /// background threshold", 3.2): a disk over its own share of the background threshold while
    /// the machine is under it (a strictlimit disk that has completed nothing) is not written,
    /// and a dirtier its share holds waits for a flusher that wakes and goes back to sleep.
    /// </summary>
    public bool FlusherIgnoresDiskBackgroundShare { get; init; }

    /// <summary>
    /// The per-disk background test (3.2 on) counts the disk's pages under writeback with its
    /// dirty ones (the throttle's wb_dirty, WB_RECLAIMABLE + WB_WRITEBACK, in place of
    /// WB_RECLAIMABLE alone): too generous. A background pass leaves the pages it wrote under
    /// writeback, so the loop begins another pass with the disk's dirty pages not over its share.
    /// What the monitors' own count (<see cref="Invariants.BackgroundWritebackOwed"/>) exists to
    /// catch: before it they asked the flusher's test itself, and agreed with it.
    /// </summary>
    public bool FlusherDiskBackgroundTestCountsWriteback { get; init; }
}
