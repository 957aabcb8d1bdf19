using Wbcheck.Model;

namespace Wbcheck.Properties.Writeback.Generation;

/// <summary>
/// The odds of a generated case: a weight for each kind of command, and chances (in percent)
/// for the rest. Each property picks the mix that makes the bug it watches for common; the
/// presets are the ones the properties use.
/// </summary>
public sealed record CommandMix
{
    /// <summary>Everything, interleaved: operations often paused between steps.</summary>
    public static CommandMix Interleaved { get; } = new();

    /// <summary>Operations run whole, one after another, I/O completed in any order: for the single-pass semantics.</summary>
    public static CommandMix Sequential { get; } = new() { Step = 0, Paused = 0, TwoFiles = 0 };

    public int Write { get; init; } = 4;

    public int MapDirty { get; init; } = 2;

    public int Writeback { get; init; } = 4;

    public int Fsync { get; init; } = 2;

    public int Truncate { get; init; } = 1;

    /// <summary>Percent of truncates (not punches) to a size inside a page; 0 leaves the generator as it was.</summary>
    public int PartialTruncate { get; init; }

    /// <summary>
    /// Percent of truncates (not punches) that go through the filesystem's -&gt;setattr, as
    /// truncate(2) on a block filesystem does: SimpleFs.SetattrSize, whose block_truncate_page
    /// zeroes and dirties the block holding the new EOF, in the era's order. 0 draws nothing: the
    /// other mixes' cases stay as they were.
    /// </summary>
    public int Setattr { get; init; }

    public int Reclaim { get; init; } = 1;

    public int Step { get; init; } = 3;

    /// <summary>munmap of a file's mapping, whole or a range (0 draws nothing: the other mixes' cases stay as they were).</summary>
    public int Munmap { get; init; }

    /// <summary>unlink and last close of a file: the final iput evicts it (0 draws nothing: the other mixes' cases stay as they were).</summary>
    public int Unlink { get; init; }

    /// <summary>
    /// The disk's flusher loop over every dirty inode (<see cref="Commands.FlushCommand"/>), without
    /// the case's inode reference (0 draws nothing: the other mixes' cases stay as they were).
    /// </summary>
    public int Flush { get; init; }

    /// <summary>A page written through get_user_pages and dirtied on release (0 draws nothing: the other mixes' cases stay as they were).</summary>
    public int GupDirty { get; init; }

    /// <summary>
    /// Chance that a get_user_pages dirtier uses set_page_dirty with no page lock rather than
    /// set_page_dirty_lock. Racing truncate, that form makes the kernel warn of a dirty page
    /// leaving the cache (filemap_unaccount_folio's comment names it), so mixes with truncates
    /// keep this at 0.
    /// </summary>
    public int GupUnlocked { get; init; }

    public int Complete { get; init; } = 4;

    /// <summary>Chance that an operation is paused after a few steps instead of running until it sleeps or ends.</summary>
    public int Paused { get; init; } = 35;

    /// <summary>Chance that an I/O completion fails with -EIO.</summary>
    public int IoError { get; init; } = 10;

    /// <summary>Chance that a page's -&gt;writepage fails with -ENOSPC.</summary>
    public int FailingPage { get; init; }

    /// <summary>Chance that the filesystem holds each pass's pages in one I/O submitted at its end.</summary>
    public int Aggregate { get; init; }

    /// <summary>Chance that a reclaim is direct reclaim rather than kswapd (0 draws nothing: the other mixes' cases stay as they were).</summary>
    public int DirectReclaim { get; init; }

    /// <summary>
    /// Chance that a direct reclaim is an allocation's made inside a transaction of the file's
    /// filesystem, its journal handle held (<see cref="Commands.ReclaimCommand.InHandle"/>). Drawn
    /// only by a mix that asks for it and has <see cref="DirectReclaim"/>: 0 draws nothing, the
    /// other mixes' cases stay as they were.
    /// </summary>
    public int InHandleReclaim { get; init; }

    /// <summary>
    /// Chance that the filesystem's -&gt;writepage starts a journal handle around its write
    /// (<see cref="FsShape.Journalled"/>). Drawn last, and only by a mix that asks for it: 0
    /// draws nothing, the other mixes' cases stay as they were.
    /// </summary>
    public int Journalled { get; init; }

    /// <summary>
    /// Chance that the journal files the ordered data -&gt;writepage wrote and -&gt;releasepage is
    /// jbd's journal_try_to_free_buffers (<see cref="FsShape.JournalRelease"/>). Drawn last, and
    /// only by a mix that asks for it: 0 draws nothing, the other mixes' cases stay as they were.
    /// </summary>
    public int JournalRelease { get; init; }

    /// <summary>
    /// Chance that the first file's filesystem has unused inodes in the inode cache
    /// (<see cref="WritebackCase.UnusedInodes"/>), which the inode cache's shrinker may evict: one,
    /// or a hundred a quarter of the time. Drawn last, and only by a mix that asks for it: 0
    /// draws nothing, the other mixes' cases stay as they were.
    /// </summary>
    public int UnusedInodes { get; init; }

    /// <summary>
    /// Chance that the filesystem behaves like a real one (clusters, declining, partial pages;
    /// see <see cref="FsShape"/>). 0 draws nothing: the other mixes' cases stay as they were.
    /// </summary>
    public int RealFs { get; init; }

    /// <summary>
    /// Chance that a filesystem like a real one with a -&gt;writepages (aggregating, or with pages
    /// written in part) has no -&gt;writepage (<see cref="Model.Fs.SimpleFsOptions.NoWritepage"/>:
    /// reclaim's pageout activates its dirty pages). Drawn last, and only by a mix that asks for
    /// it: 0 draws nothing, the other mixes' cases stay as they were.
    /// </summary>
    public int NoWritepage { get; init; }

    /// <summary>
    /// Chance that the device needs stable pages (BDI_CAP_STABLE_WRITES: it checksums data in
    /// flight), so that a write or store must wait for a page's I/O where the era makes it wait.
    /// 0 draws nothing: the other mixes' cases stay as they were.
    /// </summary>
    public int StableWrites { get; init; }

    /// <summary>
    /// Chance that the filesystem has a -&gt;page_mkwrite of its own, block_page_mkwrite's
    /// (<see cref="FsShape.BlockPageMkwrite"/>), which every store through a read-only pte then
    /// goes through: the page locked, its place in the file checked, its block prepared up to EOF.
    /// Drawn last, only by a mix that asks for it and stores through mappings, on the eras that
    /// have the method (<see cref="Model.EraSettings.PageMkwrite"/>): 0 draws nothing, the other
    /// mixes' cases stay as they were.
    /// </summary>
    public int BlockPageMkwrite { get; init; }

    /// <summary>Chance of two files instead of one.</summary>
    public int TwoFiles { get; init; } = 20;

    /// <summary>
    /// Whether a truncate may be a hole punch (the pages of a range dropped, i_size unchanged).
    /// The range is drawn whatever this says, so a mix without punches generates the same cases
    /// otherwise: the truncates that would have been punches shrink the file to the range's start.
    /// </summary>
    public bool Punch { get; init; } = true;

    /// <summary>
    /// Whether a filesystem like a real one may write pages in part (finding them again by their
    /// DIRTY tag, <see cref="FsShape.Partial"/>). The pages are drawn whatever this says, so a
    /// mix without partial pages generates the same cases otherwise.
    /// </summary>
    public bool PartialPages { get; init; } = true;

    /// <summary>Chance that a writeback pass is range_cyclic.</summary>
    public int Cyclic { get; init; } = 40;

    /// <summary>Chance that a writeback pass is WB_SYNC_ALL.</summary>
    public int SyncAll { get; init; } = 35;

    /// <summary>
    /// Chance that a writeback pass sets tagged_writepages. The draw is made whatever the chance,
    /// so a mix with 0 generates the same cases otherwise.
    /// </summary>
    public int Tagged { get; init; } = 20;

    /// <summary>
    /// Whether a writeback pass may have a range other than the whole file. The range is drawn
    /// whatever this says, so a mix without ranges generates the same cases otherwise.
    /// </summary>
    public bool Ranged { get; init; } = true;

    /// <summary>
    /// The mix as <paramref name="era"/> can run it: no tagged_writepages before the era that has
    /// the field (<see cref="KernelEras.HasTaggedWritepages"/>), and no range or range_cyclic
    /// before the eras whose control has them (<see cref="KernelEras.HasWbcRange"/>,
    /// <see cref="KernelEras.HasRangeCyclic"/>): the era's kernel refuses such a pass. Nor, on
    /// the list era, a hole punch (<see cref="KernelEras.HasTruncateRange"/>) or a filesystem
    /// that finds the pages it wrote in part by their page-tree tag
    /// (<see cref="KernelEras.HasPageTags"/>; the model refuses such a filesystem there), nor a
    /// -&gt;page_mkwrite before the era that has the method (<see cref="EraSettings.PageMkwrite"/>).
    /// </summary>
    public CommandMix ForEra(KernelEra era)
    {
        var mix = era.HasTaggedWritepages() ? this : this with { Tagged = 0 };
        mix = EraSettings.PageMkwrite.ExistsIn(era) ? mix : mix with { BlockPageMkwrite = 0 };
        mix = era.HasRangeCyclic() ? mix : mix with { Cyclic = 0 };
        mix = era.HasTruncateRange() ? mix : mix with { Punch = false };
        mix = era.HasPageTags() ? mix : mix with { PartialPages = false };
        return era.HasWbcRange() ? mix : mix with { Ranged = false };
    }
}
