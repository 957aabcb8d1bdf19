using System.Collections.Immutable;
using System.Globalization;
using Wbcheck.Model.Mm;

namespace Wbcheck.Conformance.Cases;

/// <summary>
/// One case of a writeback pass over one mapping: the page cache (pages in index order), what
/// the filesystem does with each page, the writeback_control, the mapping's writeback_index, and
/// the backing device: whether wbc->nonblocking is set and after how many -&gt;writepage calls the
/// queue reports congestion (-1: never). Ranges are in bytes, as the kernel has them.
/// </summary>
public sealed record WritepagesCase(
    ImmutableArray<CasePage> Pages,
    bool SyncAll,
    long NrToWrite,
    bool RangeCyclic,
    long RangeStart,
    long RangeEnd,
    long WritebackIndex,
    bool Nonblocking,
    int CongestedAfter) : IConformanceCase
{
    public const long LongMax = long.MaxValue;

    public bool Congestible => Nonblocking && CongestedAfter >= 0;

    /// <summary>The pages as the shim reads them: per index, SHIM_PAGE_* bits and the action above bit 16.</summary>
    public long[] ShimPages()
    {
        var slots = new long[Pages.IsEmpty ? 0 : Pages.Max(p => p.Index) + 1];
        foreach (var page in Pages)
        {
            var bits = 1 | (page.Locked ? 2 : 0) | (page.Dirty ? 4 : 0) | (page.Writeback ? 8 : 0) | (page.Error ? 16 : 0)
                | (page.TagDirty ? 32 : 0) | (page.TagWriteback ? 64 : 0) | (page.Uptodate ? 128 : 0) | ((int)page.Action << 16);
            slots[page.Index] = bits;
        }

        return slots;
    }

    /// <summary>The writeback_control and the rest as the shim reads them.</summary>
    public long[] ShimControl() =>
        [SyncAll ? 1 : 0, NrToWrite, RangeStart, RangeEnd, RangeCyclic ? 1 : 0, Nonblocking ? 1 : 0, WritebackIndex, CongestedAfter];

    public override string ToString()
    {
        var nr = NrToWrite == LongMax ? "LONG_MAX" : NrToWrite.ToString(CultureInfo.InvariantCulture);
        var end = RangeEnd == WritebackControl.LLongMax ? "LLONG_MAX" : RangeEnd.ToString(CultureInfo.InvariantCulture);
        var range = RangeCyclic ? "range_cyclic" : string.Create(CultureInfo.InvariantCulture, $"range {RangeStart}..{end}");
        var device = !Nonblocking ? "" : CongestedAfter < 0 ? " nonblocking" : string.Create(CultureInfo.InvariantCulture, $" nonblocking, congested after {CongestedAfter} ->writepage");
        return string.Create(CultureInfo.InvariantCulture,
            $"pages [{string.Join(" ", Pages)}] {(SyncAll ? "WB_SYNC_ALL" : "WB_SYNC_NONE")} nr_to_write {nr} {range} writeback_index {WritebackIndex}{device}");
    }
}
