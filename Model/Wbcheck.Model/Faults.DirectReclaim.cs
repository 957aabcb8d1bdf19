namespace Wbcheck.Model;

/// <summary>Bugs of the page allocator's direct reclaim.</summary>
public sealed partial record Faults
{
    /// <summary>
    /// A buffered write's page allocation enters direct reclaim with the mapping's tree lock still
    /// held, as if __filemap_get_folio allocated inside filemap_add_folio's xa_lock: reclaim
    /// sleeps (it trylocks pages, takes tree locks, waits for nothing but yields), which a spinlock
    /// section forbids ("BUG: sleeping function called from invalid context"), and its
    /// __remove_mapping of a page of the same file takes that lock again.
    /// </summary>
    public bool DirectReclaimUnderTreeLock { get; init; }

    /// <summary>
    /// shrink_zone does not end with throttle_vm_writeout: a reclaimer goes on (and its
    /// allocation with it) while pages under writeback are over the dirty threshold plus a tenth,
    /// as the kernel did only from 4.9.
    /// </summary>
    public bool ReclaimSkipsThrottleVmWriteout { get; init; }

    /// <summary>
    /// try_to_free_pages runs with GFP_KERNEL whatever the allocation's mask, as the model did
    /// before branch gfp22: a GFP_NOFS allocation's direct reclaim may enter the filesystem
    /// (may_enter_fs) and call -&gt;writepage from under the allocating filesystem's locks.
    /// </summary>
    public bool DirectReclaimIgnoresGfp { get; init; }

    /// <summary>
    /// A GFP_NOFS allocation whose reclaim made no progress calls the OOM killer as a GFP_KERNEL
    /// one does, though the kernel keeps it from a killer that "does not compensate for IO-less
    /// reclaim": the allocating task (a filesystem under its own lock) may be killed instead of
    /// retrying.
    /// </summary>
    public bool NofsAllocationCallsOomKiller { get; init; }
}
