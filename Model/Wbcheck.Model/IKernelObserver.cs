using Wbcheck.Model.Block;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model;

/// <summary>
/// Events of a run that invariants need beyond the state itself: who locks what in which pass,
/// when an integrity sync starts and returns, what is removed, freed and submitted. Monitors
/// implement the events they need; the model raises them at the point the kernel does the thing.
/// </summary>
public interface IKernelObserver
{
    /// <summary>Reclaim met the disk's congestion at <paramref name="gate"/>, and the gate decided what it did.</summary>
    void ReclaimCongestionGate(Mm.CongestionGate gate)
    {
    }

    /// <summary>
    /// A batch of reclaim went through shrink_inactive_list at <paramref name="priority"/> on
    /// <paramref name="zone"/>: <paramref name="scanned"/> pages looked at (those ISOLATE_CLEAN
    /// passed over too), <paramref name="taken"/> of them isolated, <paramref name="reclaimed"/>
    /// freed; the kernel's mm_vmscan_lru_shrink_inactive tracepoint (nr_scanned, nr_reclaimed,
    /// priority), raised once the pages kept are back on the LRU.
    /// </summary>
    void LruShrinkInactive(Zone zone, int priority, int scanned, int taken, int reclaimed, bool kswapd)
    {
    }

    /// <summary>The current thread took PG_locked of <paramref name="page"/>.</summary>
    void PageLocked(Page page)
    {
    }

    /// <summary>The current thread begins one pass of the writeback iterator.</summary>
    void WritebackPassStarted(AddressSpace mapping, WritebackControl wbc)
    {
    }

    /// <summary>The current thread's pass of the writeback iterator returned <paramref name="result"/>.</summary>
    void WritebackPassEnded(AddressSpace mapping, WritebackControl wbc, int result)
    {
    }

    /// <summary>A data-integrity sync of pages [first, last] starts (fsync, filemap_write_and_wait_range).</summary>
    void IntegritySyncStarted(AddressSpace mapping, long first, long last)
    {
    }

    /// <summary>That sync returns <paramref name="result"/> to its caller.</summary>
    void IntegritySyncEnded(AddressSpace mapping, long first, long last, int result)
    {
    }

    /// <summary><paramref name="page"/> left its mapping (truncate or reclaim).</summary>
    void PageRemoved(Page page, AddressSpace mapping)
    {
    }

    /// <summary>The last reference to <paramref name="page"/> went away.</summary>
    void PageFreed(Page page)
    {
    }

    /// <summary><paramref name="bio"/> was submitted to the device.</summary>
    void BioSubmitted(Bio bio)
    {
    }

    /// <summary>
    /// The submitter of <paramref name="bio"/> found no request (on blk-mq, no tag) it may take
    /// and is about to sleep for one: queued at the back of its list's wait (from 2.6.20 at each
    /// sleep; in 2.5.31 once, keeping its place), or of the tag bitmap's wait queue by wait_index.
    /// </summary>
    void RequestWaitSlept(Bio bio)
    {
    }

    /// <summary>The device finished <paramref name="bio"/> (before its bi_end_io runs).</summary>
    void BioCompleted(Bio bio)
    {
    }

    /// <summary>truncate_inode_pages_range over pages [first, last] returned.</summary>
    void TruncateEnded(AddressSpace mapping, long first, long last)
    {
    }

    /// <summary>
    /// A hole punch of <paramref name="mapping"/> took its locks (SimpleFs.PunchLockDown):
    /// <paramref name="faultsKeptOut"/> when the era's filesystem has a lock that keeps faults from
    /// reading pages of the range back in while it runs (i_mmap_sem, the invalidate_lock).
    /// </summary>
    void PunchStarted(AddressSpace mapping, bool faultsKeptOut)
    {
    }

    /// <summary>The hole punch of <paramref name="mapping"/> is about to drop its locks.</summary>
    void PunchEnded(AddressSpace mapping)
    {
    }

    /// <summary>
    /// background_writeout decided to write another pass, still owing <paramref name="minPages"/>
    /// pages of what it was asked for (zero or less: it writes only to get under the threshold).
    /// </summary>
    void BackgroundWriteoutPass(long minPages)
    {
    }

    /// <summary>
    /// The disk's (root wb's) background writeout ended, owing <paramref name="minPages"/> pages,
    /// its loop having begun at jiffy <paramref name="loopStart"/> (docs/flusher-loop.md).
    /// </summary>
    void BackgroundWriteoutEnded(long minPages, long loopStart)
    {
    }

    /// <summary>A cgwb's flusher (cgroup writeback, 4.2) decided to walk <paramref name="wb"/>'s inodes once more.</summary>
    void WbFlusherPass(Mm.Memcg.CgroupWb wb)
    {
    }

    /// <summary>
    /// A cgwb's flusher ended its background loop over <paramref name="wb"/>'s inodes, begun at
    /// jiffy <paramref name="loopStart"/> (the root wb's loop reports <see cref="BackgroundWriteoutEnded"/>).
    /// </summary>
    void WbFlusherEnded(Mm.Memcg.CgroupWb wb, long loopStart)
    {
    }

    /// <summary>
    /// The current thread, in reclaim, is about to call into <paramref name="inode"/>'s filesystem
    /// (<paramref name="entry"/>: pageout's -&gt;writepage, 2.5.31's -&gt;vm_writeback, the inode
    /// shrinker's eviction); <see cref="Mm.Vmscan.CurrentReclaimGfp"/> says for what allocation.
    /// </summary>
    void ReclaimEntersFilesystem(Inode inode, string entry)
    {
    }

    /// <summary>The current thread took (<paramref name="taken"/>) or dropped a reference to <paramref name="inode"/> (igrab, iput).</summary>
    void InodeReferenceChanged(Inode inode, bool taken)
    {
    }

    /// <summary>
    /// A flusher walking the inodes of one bdi_writeback (<paramref name="wb"/>: a memcg's, or
    /// null for the disk's root wb; cgroup writeback, 4.2) is about to write <paramref name="inode"/>.
    /// </summary>
    void WbWritesInode(Mm.Memcg.CgroupWb? wb, Inode inode)
    {
    }

    /// <summary>
    /// A filesystem is about to put <paramref name="page"/> under writeback for the pass
    /// <paramref name="wbc"/> controls, having read i_size as <paramref name="iSize"/> (bytes) to
    /// decide what of the page to write; a truncate may have lowered i_size since.
    /// </summary>
    void PageWriteStarting(Page page, WritebackControl wbc, long iSize)
    {
    }

    /// <summary>
    /// A filesystem is about to map the block of page <paramref name="index"/> of
    /// <paramref name="inode"/> for writing, allocating it where there is none (get_block with
    /// create set, from block_page_mkwrite's block_prepare_write or __block_write_begin), having
    /// read i_size as <paramref name="iSize"/> (bytes) to decide how much of the page to prepare.
    /// </summary>
    void BlockAllocating(Inode inode, long index, long iSize)
    {
    }

    /// <summary>
    /// A filesystem is about to free the blocks of pages <paramref name="first"/>..<paramref name="last"/>
    /// of <paramref name="inode"/> (a hole punch's ext4_ext_remove_space), having truncated the
    /// page cache of the range before.
    /// </summary>
    void BlocksFreeing(Inode inode, long first, long last)
    {
    }

    /// <summary>
    /// cleanup_offline_cgwbs_workfn looks at the dying <paramref name="wb"/> (5.14), before it
    /// reads wb_has_dirty_io and walks the wb's inodes (one step with the walk).
    /// </summary>
    void OfflineCgwbCleanup(Mm.Memcg.CgroupWb wb)
    {
    }
}
