namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// The dirty limit of a zone (3.3 to 4.7) or node (4.8 on) with what it was taken from: its
/// dirtyable memory, and its dirty and writeback pages (NR_FILE_DIRTY + NR_WRITEBACK), which
/// zone_dirty_ok / node_dirty_ok compare with it.
/// </summary>
public readonly record struct ShareLimit(ulong Dirtyable, ulong Limit, ulong WritePending)
{
    public bool Ok => WritePending <= Limit;

    public override string ToString() => $"{WritePending} dirty and writeback page(s), limit {Limit} of {Dirtyable} dirtyable";
}
