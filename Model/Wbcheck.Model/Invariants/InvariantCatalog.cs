namespace Wbcheck.Model.Invariants;

/// <summary>The invariants the harness checks, by name, with what each states.</summary>
public static class InvariantCatalog
{
    public static IReadOnlyList<(string Name, string Statement)> All { get; } =
    [
        (TagFlagCoherence.Name, "every unlocked page: PG_dirty iff DIRTY tag, PG_writeback iff WRITEBACK tag, TOWRITE only on DIRTY-tagged or writeback pages"),
        (ListFlagCoherence.Name, "list era: every cached page on exactly one of clean/dirty/locked/io_pages, and no dirty page on clean_pages outside set_page_dirty"),
        (Accounting.Name, "NR_FILE_DIRTY and NR_WRITEBACK equal the pages dirty and under writeback"),
        (NoSilentClean.Name, "every unlocked cached page inside i_size whose data is newer than the disk's is dirty, under writeback or dirty through a pte (unless a failed write's error reported it)"),
        (StablePages.Name, "on a device that needs stable pages, a page's data does not change while a write of it is in flight"),
        (IntegrityMonitor.Name, "a successful WB_SYNC_ALL sync leaves every page dirty at its start on disk at that version or newer, unless truncated"),
        (LockOrderMonitor.Name, "one writeback pass locks pages in strictly ascending index order, never wrapping back"),
        (TruncateMonitor.Name, "truncate leaves no page or tag in its range; no page freed locked, dirty or under writeback; no truncated page written"),
        (UseAfterFree.Name, "no page is touched after its last reference was dropped, nor after the allocator gave it to another file, through a reference kept from before"),
        (DirtyOvershoot.Name, "NR_FILE_DIRTY + NR_UNSTABLE_NFS <= dirty threshold + online CPUs x ratelimit_pages, with every CPU dirtying (writeback_set_ratelimit)"),
        (PeriodicWritebackScheduled.Name, "while dirty_writeback_interval is not 0 the periodic flush is always ahead: its timer pending, or a run it started not yet over"),
        (BackgroundWriteoutMonitor.Name, "background writeout never begins a pass under the background threshold once it owes no pages"),
        (FlusherLoopMonitor.Name, "from 2.6.24's more_io on, background writeout does not end over its threshold while an inode dirty since before its loop is being written by another thread: it requeues it to b_more_io and comes back to it"),
        (ReclaimInodeReference.Name, "reclaim never takes or drops an inode reference (igrab, iput) while it holds a page lock"),
        (NofsReclaimEntersNoFilesystem.Name, "reclaim for an allocation without __GFP_FS (GFP_NOFS, or inside a GFP_NOFS scope from 4.12) calls no filesystem: no ->writepage from pageout, no ->vm_writeback, no eviction from the inode cache's shrinker"),
        (WritebackBudget.Name, "a WB_SYNC_NONE pass puts no page under writeback once its nr_to_write is spent, whether handed to ->writepage or taken by the filesystem as a neighbour"),
        (EvictedMappingEmpty.Name, "after eviction's final truncate an inode's mapping holds no page (nrpages 0), even with reclaim working on its pages"),
        (WritePastEof.Name, "no filesystem starts writeback on a page, or allocates a block for a write fault, wholly past the i_size it read (a truncate may lower i_size after the read; it waits for the write and frees the blocks after)"),
        (FreedBlockMapped.Name, "when a filesystem frees a file's blocks (a hole punch), no page of that range whose block a write fault mapped or allocated is still cached: writeback would write it into free space"),
        (EofTailZeroed.Name, "a write of the page straddling i_size starts with the bytes past i_size zeroed, on every write"),
        (WbAccounting.Name, "cgroup writeback: each wb's WB_RECLAIMABLE and WB_WRITEBACK are its inodes' accounted dirty and writeback pages; until an inode switches wbs, WB_DIRTIED - WB_WRITTEN is those pages too, up to those locked between their clean for I/O and their writeback"),
        (WbFlusherIsolation.Name, "cgroup writeback: a wb's flusher takes only inodes of that wb (the root's flusher no memcg's, a memcg's no other's)"),
        (WbUseAfterFree.Name, "cgroup writeback: no bdi_writeback is touched, pointed to by an inode's i_wb, or put after cgwb_release_workfn freed it: every holder of a pointer to a wb holds a reference"),
        .. MpageBios.Statements,
    ];
}
