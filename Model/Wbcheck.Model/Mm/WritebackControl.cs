using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>
/// struct writeback_control: what a writeback pass is asked to do. Ranges are in bytes, as in the
/// kernel (range_end inclusive, <see cref="LLongMax"/> for "to the end of the file"). The
/// iterator's private state (batch, index, saved error) lives in <see cref="WritebackIteration"/>,
/// not here.
/// </summary>
[Models("include/linux/writeback.h", "struct writeback_control", "6.9")]
public sealed partial class WritebackControl
{
    public const int PageShift = 12;
    public const long LLongMax = long.MaxValue;

    /// <summary>LONG_MAX: "write everything", the nr_to_write of integrity syncs.</summary>
    public const long LongMax = long.MaxValue;

    public WritebackSyncMode SyncMode { get; init; }

    /// <summary>Pages still to write; the iterator decrements it.</summary>
    public long NrToWrite { get; set; } = LongMax;

    /// <summary>Pages the filesystem declined to write (redirty_page_for_writepage).</summary>
    public long PagesSkipped { get; set; }

    public long RangeStart { get; init; }

    public long RangeEnd { get; init; } = LLongMax;

    /// <summary>Ignore the range; start at mapping-&gt;writeback_index and go on from there.</summary>
    public bool RangeCyclic { get; init; }

    /// <summary>Tag pages with TOWRITE first even though this is not an integrity sync.</summary>
    public bool TaggedWritepages { get; init; }

    /// <summary>Called from page reclaim (pageout).</summary>
    public bool ForReclaim { get; init; }

    /// <summary>
    /// for_sync: sync(2)'s WB_SYNC_ALL work from 3.11 (<see cref="KernelEras.SyncWorkLeavesWaitToCaller"/>):
    /// the flusher does not wait on the pages it wrote; sync's own wait_sb_inodes does.
    /// </summary>
    [Models("include/linux/writeback.h", "struct writeback_control (for_sync)", "6.9")]
    public bool ForSync { get; init; }

    /// <summary>Called from the background flusher.</summary>
    public bool ForBackground { get; init; }

    /// <summary>Called from kupdate, the periodic writeback of old data.</summary>
    [Models("include/linux/writeback.h", "struct writeback_control", "2.6.20")]
    public bool ForKupdate { get; init; }

    /// <summary>Do not block on a congested queue: give up and set <see cref="EncounteredCongestion"/>.</summary>
    public bool Nonblocking { get; init; }

    /// <summary>Set by writeback of inodes when it stopped because the queue was congested.</summary>
    public bool EncounteredCongestion { get; set; }

    /// <summary>older_than_this: write back only inodes dirtied at or before this jiffy (kupdate).</summary>
    public long? OlderThanThis { get; init; }

    /// <summary>A pass over a whole file range_start 0 .. LLONG_MAX.</summary>
    public bool RangeWhole => RangeStart == 0 && RangeEnd == LLongMax;

    public static WritebackControl Integrity(long rangeStart = 0, long rangeEnd = LLongMax) =>
        new() { SyncMode = WritebackSyncMode.All, RangeStart = rangeStart, RangeEnd = rangeEnd };

    public static WritebackControl Background(long nrToWrite) =>
        new() { SyncMode = WritebackSyncMode.None, NrToWrite = nrToWrite, RangeCyclic = true, ForBackground = true };

    /// <summary>
    /// A background pass as <paramref name="era"/>'s flusher asks for it: range_cyclic where the
    /// control has it (<see cref="KernelEras.HasRangeCyclic"/>). The list era's control has no
    /// such field (a pdflush pass gives a sync mode and nr_to_write only): io_pages keeps the pages one
    /// pass left for the next instead. The model's callers that run on every era ask through here.
    /// </summary>
    public static WritebackControl Background(long nrToWrite, KernelEra era) =>
        era.HasRangeCyclic()
            ? Background(nrToWrite)
            : new() { SyncMode = WritebackSyncMode.None, NrToWrite = nrToWrite, ForBackground = true };

    public override string ToString() =>
        $"{(SyncMode == WritebackSyncMode.All ? "WB_SYNC_ALL" : "WB_SYNC_NONE")} " +
        (RangeCyclic ? "range_cyclic" : $"range {RangeStart >> PageShift}..{(RangeEnd == LLongMax ? "max" : (RangeEnd >> PageShift).ToString(System.Globalization.CultureInfo.InvariantCulture))}") +
        (NrToWrite == LongMax ? "" : $" nr_to_write {NrToWrite}") +
        (TaggedWritepages ? " tagged" : "");
}
