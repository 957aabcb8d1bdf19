using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Properties.Matrix;
using Wbcheck.Properties.Writeback.Differential;
using Wbcheck.Properties.Writeback.Generation;
using Wbcheck.Properties.Writeback.Passes;
using Wbcheck.Properties.Writeback.Running;

namespace Wbcheck.Properties.Writeback;

/// <summary>
/// The invariants of writeback as FsCheck properties over random command sequences, each named
/// after the invariant it checks and run on a kernel of the given era with the given faults
/// switched in (to prove it catches them). A case that breaks the invariant, or hits a kernel
/// BUG, a deadlock or an operation that never ends, fails with the whole report;
/// <c>onFailure</c> sees each failing case, and the last one it sees is the shrunk
/// counterexample.
/// </summary>
public static class WritebackProperties
{
    public const string NrToWriteName = "nr_to_write bounds WB_SYNC_NONE only";
    public const string ErrorsName = "WB_SYNC_NONE stops at an error, WB_SYNC_ALL returns the first";
    public const string WritebackIndexName = "range_cyclic resumes after the last page written";

    /// <summary>Writes, dirtying through mappings, truncates and reclaims among interleaved writeback.</summary>
    public static CommandMix InterleavedMix { get; } = CommandMix.Interleaved;

    /// <summary>More dirtying through mappings and more reclaim: what cleans and dirties a page without the lookup of a pass.</summary>
    public static CommandMix DirtyingMix { get; } = CommandMix.Interleaved with { MapDirty = 5, Reclaim = 3, Paused = 60, Step = 5 };

    /// <summary>More fsyncs, pauses and I/O left in flight: integrity syncs overlapping dirtying, writeback and truncation.</summary>
    public static CommandMix IntegrityMix { get; } = CommandMix.Interleaved with { Fsync = 4, MapDirty = 3, Complete = 3 };

    /// <summary>Mostly range_cyclic passes, and filesystems that hold a pass's pages in one I/O, as the wrap-around deadlock needs.</summary>
    public static CommandMix LockOrderMix { get; } = CommandMix.Interleaved with { Cyclic = 75, Aggregate = 30, Fsync = 1, Truncate = 0, Reclaim = 0 };

    /// <summary>More truncates and reclaims, racing writeback and dirtying.</summary>
    public static CommandMix TruncateReclaimMix { get; } = CommandMix.Interleaved with { Truncate = 3, Reclaim = 3, MapDirty = 4, Paused = 60, Step = 5 };

    /// <summary>
    /// The truncate/reclaim mix with half of the truncates to a size inside a page and half of
    /// them through the filesystem's -&gt;setattr (block_truncate_page of the block holding the
    /// new EOF, in the era's order): the use-after-free property's.
    /// </summary>
    public static CommandMix PageLifetimeMix { get; } = TruncateReclaimMix with { PartialTruncate = 50, Setattr = 50 };

    /// <summary>
    /// The truncate/reclaim mix with munmaps (whole and ranges) and pages written through
    /// get_user_pages: zap_pte_range moving a dirty pte into PG_dirty against writeback, truncate
    /// and reclaim, and pages dirtied with no pte, with and without the page lock.
    /// </summary>
    public static CommandMix UnmapMix { get; } = TruncateReclaimMix with { Munmap = 2, GupDirty = 2 };

    public const string UnmapName = "no silent clean across munmap and get_user_pages";

    /// <summary>
    /// Reclaim racing pages written through get_user_pages and dirtied on release, half of them
    /// with set_page_dirty and no page lock; no truncates (see <see cref="CommandMix.GupUnlocked"/>).
    /// </summary>
    public static CommandMix GupReclaimMix { get; } = CommandMix.Interleaved with
    {
        Truncate = 0,
        Write = 2,
        MapDirty = 1,
        Fsync = 1,
        Reclaim = 4,
        GupDirty = 4,
        GupUnlocked = 50,
        Munmap = 1,
        Paused = 70,
        Step = 5,
        TwoFiles = 0,
    };

    public const string GupReclaimName = "reclaim frees no page dirtied through get_user_pages";

    /// <summary>
    /// Files that end inside a page: the truncate/reclaim mix with half of the truncates to a size
    /// inside a page, more stores through mappings (which put bytes past EOF in the last page),
    /// filesystems like real ones (clusters, partial pages) half of the time, and, from the
    /// 2.6.20 era, a filesystem with block_page_mkwrite as its -&gt;page_mkwrite 30% of the time
    /// (its check against EOF and its block preparation under the page lock). The other mixes
    /// that store through mappings do not draw it: a new draw moves their rare-race cells' cases.
    /// </summary>
    public static CommandMix EofMix { get; } = PageLifetimeMix with { MapDirty = 6, RealFs = 50, BlockPageMkwrite = 30 };

    /// <summary>
    /// Filesystems like real ones (clusters that spend nr_to_write, declining background
    /// writeback, pages written in part) under writes, writeback, fsyncs and reclaim by kswapd and
    /// by direct reclaim, with -&gt;writepage failing now and then.
    /// </summary>
    public static CommandMix RealFsMix { get; } = CommandMix.Interleaved with { RealFs = 90, DirectReclaim = 50, FailingPage = 10, Reclaim = 2 };

    /// <summary>
    /// No lost dirty data, with filesystems like real ones: no dirtying through mappings or I/O
    /// errors, so only the filesystems' ways can lose data; a quarter of the filesystems with a
    /// -&gt;writepages have no -&gt;writepage, so reclaim activates their dirty pages.
    /// </summary>
    public static CommandMix RealFsIntegrityMix { get; } = RealFsMix with { MapDirty = 0, IoError = 0, FailingPage = 0, Fsync = 4, TwoFiles = 0, NoWritepage = 25 };

    public const string RealFsIntegrityName = "no lost dirty data with filesystems like real ones";

    public const string TowriteName = TowriteWatch.Name;

    /// <summary>
    /// Direct reclaim from allocations a filesystem makes inside its own transaction, its
    /// journal handle held, against writes, writeback, fsyncs and truncates, on filesystems whose
    /// -&gt;writepage starts a handle (nine in ten) and like real ones half the time, with an
    /// unused inode of the first file's filesystem in the inode cache half the time (a hundred, which a
    /// 2.6 kernel's inode cache needs to count any, in a quarter of those), for the allocation's
    /// try_to_free_pages to meet in shrink_slab, and with a journal that keeps -&gt;writepage's
    /// ordered data and a -&gt;releasepage that unfiles and frees it once written, without waiting,
    /// half the time (docs/eras.md section 128). No stores through mappings: 2.6.20's
    /// fault races with hole punching (the catalog's rows of other properties) would come first
    /// there, and they are not what this property is about.
    /// </summary>
    public static CommandMix JournalMix { get; } = CommandMix.Interleaved with
    {
        Reclaim = 4,
        MapDirty = 0,
        DirectReclaim = 75,
        InHandleReclaim = 80,
        Journalled = 90,
        JournalRelease = 50,
        UnusedInodes = 50,
        RealFs = 50,
        Truncate = 2,
    };

    public const string NofsReclaimName = "reclaim under a journal handle enters no filesystem";

    /// <summary>
    /// An allocation a filesystem makes under its journal handle reclaims with the mask the
    /// era's filesystem passes there (GFP_NOFS, a GFP_NOFS scope from 4.12): its reclaim calls no
    /// filesystem (<see cref="NofsReclaimEntersNoFilesystem"/>, checked in every property's
    /// cases), so it never waits for the handle its own task holds (a deadlock); tag/flag
    /// coherence (not on the list era, which has no tags), accounting, no silent clean and
    /// truncate and reclaim safety after every step.
    /// </summary>
    public static Property NofsReclaim(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        Watching(CoherenceWhereTagged(era) | Watched.Accounting | Watched.TruncateReclaim, JournalMix, era, faults, onFailure);

    /// <summary>Tag/flag coherence on an era with page-tree tags; nothing on the list era, which has no tags to be coherent.</summary>
    private static Watched CoherenceWhereTagged(KernelEra? era) => (era ?? KernelEras.Current).HasPageTags() ? Watched.Coherence : Watched.None;

    /// <summary>
    /// The interleaved mix on a device that needs stable pages three times in four: writes and
    /// stores to pages whose I/O writeback left in flight (completions are commands of their own).
    /// </summary>
    public static CommandMix StablePagesMix { get; } = CommandMix.Interleaved with { StableWrites = 75 };

    /// <summary>
    /// On a device that needs stable pages, no buffered write or store through a mapping changes a
    /// page's data while a write of it is in flight (write_begin's and -&gt;page_mkwrite's
    /// wait_for_stable_page); on other devices nothing is checked.
    /// </summary>
    public static Property StablePagesHold(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        Watching(Watched.StablePages, StablePagesMix, era, faults, onFailure);

    /// <summary>
    /// Tagged passes (most of them WB_SYNC_ALL, ranged half the time) paused between their steps
    /// while writes and stores dirty pages, other passes tag theirs and truncate and reclaim take
    /// pages away: what a tagged pass must not write is a page dirtied after it began that no
    /// tagging over it has marked.
    /// </summary>
    public static CommandMix TaggingMix { get; } = CommandMix.Interleaved with { Write = 5, Writeback = 5, Fsync = 3, SyncAll = 60, Paused = 60, Step = 5 };

    /// <summary>
    /// A tagged pass (WB_SYNC_ALL or tagged_writepages) sets TOWRITE only on pages of its range
    /// and writes only pages tagged TOWRITE at some moment since it began: the livelock bound of
    /// tagged writeback (see <see cref="TowriteWatch"/>). <paramref name="loop"/> drives the
    /// passes of files written a page at a time.
    /// </summary>
    public static Property TaggedPassesWriteOnlyWhatWasTagged(
        KernelEra? era = null, Faults? faults = null, PassLoop loop = PassLoop.WriteCachePages, Action<WritebackCase>? onFailure = null) =>
        Check(TaggingMix, Options(era, faults) with { Watched = Watched.Towrite, Loop = loop }, null, onFailure);

    /// <summary>As each write starts, a WB_SYNC_NONE pass has budget left: the iterator sees nr_to_write the filesystem spent on neighbours.</summary>
    public static Property WritebackBudget(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        Check(RealFsMix, Options(era, faults) with { BudgetOvershootIsKernelBehaviour = false }, null, onFailure);

    /// <summary>An fsync that returns 0 wrote every page dirty at its start, when the filesystem writes clusters, declines background writeback and writes pages in part.</summary>
    public static Property RealFsIntegrity(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        Watching(Watched.Integrity, RealFsIntegrityMix, era, faults, onFailure);

    public static Property TagFlagCoherence(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        Watching(Watched.Coherence, DirtyingMix, era, faults, onFailure);

    public static Property Accounting(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        Watching(Watched.Accounting, DirtyingMix, era, faults, onFailure);

    /// <summary>After every step, data newer than the disk's is dirty or under writeback: writepage, truncate, reclaim and faults never drop it silently.</summary>
    public static Property NoSilentClean(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        Check(TruncateReclaimMix, Options(era, faults), null, onFailure);

    /// <summary>
    /// No silent clean, with munmap and get_user_pages dirtiers among truncate, reclaim and
    /// writeback: a dirty pte's data reaches PG_dirty when the pte goes, and a page dirtied with
    /// no pte is not freed by reclaim.
    /// </summary>
    public static Property NoSilentCleanUnmapped(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        Check(UnmapMix, Options(era, faults), null, onFailure);

    /// <summary>
    /// Reclaim against dirtiers that hold a page by get_user_pages and no pte: no page leaves the
    /// cache dirty and no data is cleaned silently. The kernel's __remove_mapping checks PG_dirty
    /// after freezing the references for the dirtier that takes no page lock.
    /// </summary>
    public static Property GupReclaim(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        Watching(Watched.TruncateReclaim, GupReclaimMix, era, faults, onFailure);

    public static Property NoLostDirtyData(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        Watching(Watched.Integrity, IntegrityMix, era, faults, onFailure);

    public static Property AscendingLockOrder(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        Watching(Watched.LockOrder, LockOrderMix, era, faults, onFailure);

    public static Property TruncateAndReclaimSafety(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        Watching(Watched.TruncateReclaim, TruncateReclaimMix, era, faults, onFailure);

    /// <summary>
    /// No page is touched after it was freed or given to another file: truncate (half of the
    /// time to a size inside a page, whose page stays with its tail zeroed), punch and reclaim
    /// free pages and writes allocate them, while I/O completions run a step at a time so that
    /// the window between ending writeback and the wake-up is open. No silent clean is watched
    /// too, so the partial page's handling is checked as well.
    /// </summary>
    public static Property NoUseAfterFree(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        Check(PageLifetimeMix, Options(era, faults) with { SplitCompletions = true }, null, onFailure);

    /// <summary>
    /// Files unlinked and closed among writes, fsyncs, writeback, flushes, truncates, punches and
    /// reclaim, one case in three with two files: the final iput evicts in whichever operation
    /// drops the last reference, paused or not, the flusher's loop holding none of the case's
    /// (docs/eras.md section 127). No I/O or -&gt;writepage fails, so no data is lost that an
    /// error would report; no stores through mappings, whose unlocked dirtying of the old eras the
    /// other rows already show.
    /// </summary>
    public static CommandMix UnlinkMix { get; } = TruncateReclaimMix with { Unlink = 1, MapDirty = 0, IoError = 0, Fsync = 3, TwoFiles = 35, Flush = 4 };

    public const string UnlinkName = "written data readable until unlink; an evicted inode leaves nothing";

    /// <summary>
    /// After every step: a write that returned stays readable (cache or disk) until the file
    /// shrinks below it, a punch drops it or the file is unlinked; an evicted inode's mapping
    /// is empty (no page, so no tag); and, as in every case, no page is freed locked, dirty or
    /// under writeback, and none touched after it was freed.
    /// </summary>
    public static Property NoLostWriteUntilUnlink(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        Check(UnlinkMix, Options(era, faults) with { WatchWrittenData = true }, null, onFailure);

    /// <summary>
    /// Every write of the page straddling i_size starts with the bytes past the i_size its writer
    /// read zeroed, and none starts wholly past it (both checked as each write starts, in every
    /// property; this one's cases end files inside pages and store past EOF).
    /// </summary>
    public static Property EofTailZeroedOnEveryWrite(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        Check(EofMix, Options(era, faults), null, onFailure);

    /// <summary>Each pass writes the pages its contract says, in order, and leaves nr_to_write as it says: WB_SYNC_ALL ignores nr_to_write.</summary>
    public static Property NrToWriteBoundsOnlyBackground(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        PassContract(PassFacet.NrToWrite, NrToWriteName, CommandMix.Sequential with { SyncAll = 50 }, era, faults, onFailure);

    /// <summary>Each pass's -&gt;writepage results and return value are as its contract says, some pages failing.</summary>
    public static Property ErrorSemantics(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        PassContract(PassFacet.Errors, ErrorsName, CommandMix.Sequential with { SyncAll = 50, FailingPage = 20 }, era, faults, onFailure);

    /// <summary>Each pass leaves writeback_index where its contract says, mostly range_cyclic passes.</summary>
    public static Property CyclicResumePoint(KernelEra? era = null, Faults? faults = null, Action<WritebackCase>? onFailure = null) =>
        PassContract(PassFacet.WritebackIndex, WritebackIndexName, CommandMix.Sequential with { Cyclic = 75, SyncAll = 20, FailingPage = 10 }, era, faults, onFailure);

    /// <summary>
    /// From the same state, the era's write_cache_pages and a loop over the 6.9 writeback_iter
    /// (<paramref name="loop"/>) write the same pages in the same order with the same results;
    /// see <see cref="IteratorDifferential"/>.
    /// </summary>
    public static Property IteratorMatchesWriteCachePages(
        KernelEra? era = null, bool strict = false, PassLoop loop = PassLoop.WritebackIter, Action<DifferentialCase>? onFailure = null) =>
        Prop.ForAll(DifferentialGenerator.ArbitraryFor(era ?? KernelEras.Current), c =>
        {
            if (IteratorDifferential.Compare(c, era ?? KernelEras.Current, loop, strict) is { } failure)
            {
                onFailure?.Invoke(c);
                throw new CaseFailedException(failure);
            }
        });

    private static Property Watching(Watched watched, CommandMix mix, KernelEra? era, Faults? faults, Action<WritebackCase>? onFailure) =>
        Check(mix, Options(era, faults) with { Watched = watched }, null, onFailure);

    private static Property PassContract(PassFacet facet, string name, CommandMix mix, KernelEra? era, Faults? faults, Action<WritebackCase>? onFailure) =>
        Check(mix, Options(era, faults) with { Sequential = true }, world => world.Passes.PassEnded = pass =>
        {
            if (PassOracle.Check(facet, pass) is { } broken)
            {
                throw new InvariantViolationException(name, broken);
            }
        }, onFailure);

    /// <summary>The world of a case on <paramref name="era"/> (null: the current one) with <paramref name="faults"/> switched in.</summary>
    internal static WorldOptions Options(KernelEra? era, Faults? faults) =>
        WorldOptions.Default with
        {
            Era = era ?? KernelEras.Current,
            Faults = faults ?? Faults.None,
            BudgetOvershootIsKernelBehaviour = EraPropertyCatalog.BudgetOvershootIsKernelBehaviour(era ?? KernelEras.Current),
        };

    /// <summary>Every case of <paramref name="mix"/> runs in a world of <paramref name="options"/> and must hold; <paramref name="prepare"/> sees each world before it runs.</summary>
    internal static Property Check(CommandMix mix, WorldOptions options, Action<WritebackWorld>? prepare, Action<WritebackCase>? onFailure) =>
        Prop.ForAll(CaseGenerator.Arbitrary(mix.ForEra(options.Era)), c =>
        {
            var world = new WritebackWorld(c, options);
            prepare?.Invoke(world);
            if (world.Run() is { } failure)
            {
                onFailure?.Invoke(c);
                throw new CaseFailedException(failure);
            }
        });
}
