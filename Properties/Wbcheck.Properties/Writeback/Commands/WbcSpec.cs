using System.Globalization;
using Wbcheck.Model.Mm;

namespace Wbcheck.Properties.Writeback.Commands;

/// <summary>
/// A writeback_control, as data: sync mode, range in pages (<paramref name="Last"/> null: to
/// LLONG_MAX), range_cyclic (the range is then still set, and the pass must ignore it),
/// nr_to_write (null: LONG_MAX) and tagged_writepages. <see cref="ToWbc"/> makes a fresh control for each pass, since a pass
/// consumes its nr_to_write.
/// </summary>
public sealed record WbcSpec(bool SyncAll, bool Cyclic, int First, int? Last, long? NrToWrite, bool Tagged)
{
    public static WbcSpec WholeFile(bool syncAll) => new(syncAll, Cyclic: false, First: 0, Last: null, NrToWrite: null, Tagged: false);

    public WritebackControl ToWbc() => new()
    {
        SyncMode = SyncAll ? WritebackSyncMode.All : WritebackSyncMode.None,
        RangeCyclic = Cyclic,
        RangeStart = (long)First << WritebackControl.PageShift,
        RangeEnd = Last is null ? WritebackControl.LLongMax : ((Last.Value + 1L) << WritebackControl.PageShift) - 1,
        NrToWrite = NrToWrite ?? WritebackControl.LongMax,
        TaggedWritepages = Tagged,
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(SyncAll ? "WB_SYNC_ALL" : "WB_SYNC_NONE")} {(Cyclic ? "cyclic" : "")}{(Cyclic && First == 0 && Last is null ? "" : Cyclic ? $" (range {Range} ignored)" : Range)}" +
        $"{(NrToWrite is { } nr ? $" nr {nr}" : "")}{(Tagged ? " tagged" : "")}");

    private string Range => string.Create(CultureInfo.InvariantCulture, $"{First}..{(Last is { } last ? last.ToString(CultureInfo.InvariantCulture) : "end")}");
}
