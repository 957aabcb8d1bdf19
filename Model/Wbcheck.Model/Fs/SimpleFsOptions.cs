namespace Wbcheck.Model.Fs;

/// <summary>How the model filesystem writes pages back.</summary>
public sealed record SimpleFsOptions
{
    public static SimpleFsOptions Default { get; } = new();

    /// <summary>
    /// Have a -&gt;writepages that gathers every page of a pass into one bio and submits it only
    /// when the pass ends, as XFS and ext4 do: the pages stay under writeback, unsubmitted,
    /// while the pass goes on. Without it, do_writepages uses -&gt;writepage, a bio per page.
    /// </summary>
    public bool AggregateWritepages { get; init; }

    /// <summary>
    /// With <see cref="AggregateWritepages"/>: keep each page of the bio locked, and not yet under
    /// writeback, until the bio is sent (when it is full or the pass ends), as 2.5's first
    /// multipage bio writeback did ("locking multiple pages without necessarily starting I/O
    /// against them"). A page waiting there can still be redirtied by a dirtier that does not
    /// take the page lock.
    /// </summary>
    public bool KeepPagesLockedInBio { get; init; }

    /// <summary>
    /// Pages whose -&gt;writepage fails (the page is redirtied and unlocked), with -ENOSPC unless
    /// <see cref="FailingErrors"/> names another error.
    /// </summary>
    public IReadOnlySet<long> FailingPages { get; init; } = new HashSet<long>();

    /// <summary>
    /// The error -&gt;writepage fails with on a page of <see cref="FailingPages"/>, where it is not
    /// -ENOSPC: a pass that meets several errors must be seen to keep the right one. -EAGAIN is a
    /// filesystem that cannot write the page now: the page is redirtied and unlocked like any
    /// failure, and every era's walk treats it as an error (it is not AOP_WRITEPAGE_ACTIVATE, and
    /// do_writepages retries only -ENOMEM, under WB_SYNC_ALL, 4.12 on). -ENOMEM belongs in
    /// <see cref="TransientEnomem"/>: a page that failed with it every time would keep a 4.12+
    /// fsync retrying forever, as the kernel would while memory never came back.
    /// </summary>
    public IReadOnlyDictionary<long, int> FailingErrors { get; init; } = new Dictionary<long, int>();

    /// <summary>The error -&gt;writepage fails with on page <paramref name="index"/> of <see cref="FailingPages"/>.</summary>
    public int WritepageError(long index) => FailingErrors.TryGetValue(index, out var error) ? error : Errno.ENOSPC;

    /// <summary>
    /// Pages whose writes fail with -ENOMEM a number of times (the value) before memory is back and
    /// they are written: the page is redirtied and unlocked, unwritten, as for any failure.
    /// do_writepages retries a data-integrity call that gets -ENOMEM from 4.12; before, fsync
    /// returned it (docs/enomem.md).
    /// </summary>
    public IReadOnlyDictionary<long, int> TransientEnomem { get; init; } = new Dictionary<long, int>();

    /// <summary>-&gt;writepage from reclaim declines with AOP_WRITEPAGE_ACTIVATE, leaving the page locked.</summary>
    public bool ActivateForReclaim { get; init; }

    /// <summary>
    /// -&gt;writepage writes a cluster of up to this many pages: the page it was handed and the
    /// dirty pages after it that it can lock without waiting, as XFS's xfs_cluster_write did
    /// (2.6 to 3.x). Each neighbour costs a page of nr_to_write, and a WB_SYNC_NONE pass stops
    /// taking neighbours once the budget is spent: the filesystem spends the pass's budget
    /// itself, on pages it was not handed. 1 (the default): only the page handed.
    /// </summary>
    public int ClusterPages { get; init; } = 1;

    /// <summary>
    /// -&gt;writepage declines WB_SYNC_NONE writeback outside reclaim too: it redirties the page
    /// and returns AOP_WRITEPAGE_ACTIVATE with the page still locked, as a filesystem that cannot
    /// write now does (shmem_writepage's redirty path has that shape). Data-integrity writeback
    /// is always written.
    /// </summary>
    public bool DeclineBackgroundWriteback { get; init; }

    /// <summary>
    /// Pages the filesystem can submit only in part on their first write (blocks not yet
    /// allocated, as ext4 with delayed allocation): it redirties the page and starts writeback
    /// on it keeping its TOWRITE tag where the era has set_page_writeback_keepwrite, and a
    /// data-integrity -&gt;writepages goes back over the pages still tagged for its pass, as
    /// ext4_writepages does, to write the rest. With any such page the filesystem has that
    /// -&gt;writepages.
    /// </summary>
    public IReadOnlySet<long> PartialPages { get; init; } = new HashSet<long>();

    /// <summary>
    /// Jiffies each -&gt;writepage takes before it writes, declines or fails the page (a slow
    /// disk): the model's clock moves on by that much, so that a walk of the flusher over such a
    /// file uses up its HZ/10 time slice. 0 (the default): no time passes.
    /// </summary>
    public int WritepageTicks { get; init; }

    /// <summary>
    /// No -&gt;writepage at all (a_ops-&gt;writepage NULL), only the -&gt;writepages that
    /// <see cref="AggregateWritepages"/> or <see cref="PartialPages"/> gives, as the iomap
    /// filesystems and ext4 of the 6.x kernels have [R]: every writeback goes through
    /// -&gt;writepages, and reclaim's pageout, finding no -&gt;writepage, activates a dirty page
    /// (PAGE_ACTIVATE) rather than write it (<see cref="Mm.Vmscan.Pageout"/>).
    /// </summary>
    public bool NoWritepage { get; init; }

    /// <summary>With <see cref="AggregateWritepages"/>: map each page's blocks before adding it to a bio that holds pages under writeback, charging a metadata page with GFP_NOFS (SimpleFs.MapBlocks.cs).</summary>
    public bool MapBlocksChargesMetadata { get; init; }

    /// <summary>
    /// write_begin starts a journal handle and allocates the page under it, and write_end stops
    /// the handle once the page is unlocked, as ext4_write_begin did from 2.6.28 until it took the
    /// page first (SimpleFs.Journal.cs); -&gt;writepage starts a handle too, as ext3's and ext4's
    /// journalled -&gt;writepage do. The model's handle does not nest: a task that starts one while
    /// it holds one waits for itself. So the allocation must not enter the filesystem: it passes
    /// GFP_NOFS (AOP_FLAG_NOFS) before 4.12 and opens a GFP_NOFS scope (memalloc_nofs_save) from
    /// 4.12. Needs write_begin (<see cref="GfpEras.HasWriteBegin"/>, the 2.6.29 era on).
    /// </summary>
    public bool JournalledWriteBegin { get; init; }

    /// <summary>
    /// -&gt;writepage starts a journal handle around its write, with the page locked, as ext3's
    /// ordered -&gt;writepage did in every era the model has [R]; write_begin stays the generic one,
    /// which takes the page before any handle (ext3's order: page lock, then handle). What a
    /// filesystem that allocates inside a transaction of its own (<see cref="SimpleFs.AllocateInTransaction"/>)
    /// must keep its allocation's reclaim out of: the model's handle does not nest. Implied by
    /// <see cref="JournalledWriteBegin"/>.
    /// </summary>
    public bool JournalledWritepage { get; init; }

    /// <summary>
    /// The journal keeps the ordered data -&gt;writepage wrote (SimpleFs.Releasepage.cs): the
    /// journalled -&gt;writepage files the page's buffers with the running transaction, as ext3's
    /// ordered -&gt;writepage did (journal_dirty_data), and the filesystem's -&gt;releasepage is
    /// jbd's journal_try_to_free_buffers: a buffer whose write is over is unfiled and freed, one
    /// the journal still holds keeps the page, with no wait; the commit in flight, and
    /// 3f31fddf553f's wait for it (2.6.27), are not modelled (docs/eras.md section 128).
    /// Implies <see cref="JournalledWritepage"/>.
    /// </summary>
    public bool JournalReleasepage { get; init; }

    /// <summary>
    /// A filesystem of the ext4 kind: where the era's ext4 had its own i_mmap_sem
    /// (<see cref="TruncateEras.HasExt4MmapSem"/>, 4.5 to 5.14), its -&gt;fault wrapper
    /// (ext4_filemap_fault) holds it shared around filemap_fault and its hole punch
    /// (<see cref="SimpleFs.PunchHole"/>) exclusive. Before 4.5 nothing kept a fault from reading a
    /// page back in while a punch removed blocks; from 5.15 every filesystem uses the mapping's
    /// invalidate_lock instead, so the option changes nothing there.
    /// </summary>
    public bool Ext4MmapSem { get; init; }

    /// <summary>
    /// The filesystem has a -&gt;page_mkwrite of its own, block_page_mkwrite as the era had it
    /// (fs/buffer.c, 5417169026c3, written for XFS; SimpleFs.PageMkwrite.cs): lock the page, check
    /// that it is still in the file and not past EOF, allocate and dirty its blocks
    /// (block_prepare_write, block_commit_write: the page is dirtied under its lock), then return
    /// it unlocked before 2.6.30 and locked from b827e496c893. Without it the filesystem has
    /// generic_file_vm_ops' -&gt;page_mkwrite, which is none before 3.19 (the model's eras).
    /// Needs the method (<see cref="EraSettings.PageMkwrite"/>, 2.6.18): refused on 2.5.31.
    /// </summary>
    public bool BlockPageMkwrite { get; init; }
}
