using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>The vmstat counters writeback keeps: pages dirty and pages under writeback.</summary>
[Models("include/linux/mmzone.h", "enum node_stat_item", "6.9")]
public sealed class Vmstat
{
    /// <summary>NR_FILE_DIRTY.</summary>
    public long NrFileDirty { get; internal set; }

    /// <summary>NR_WRITEBACK.</summary>
    public long NrWriteback { get; internal set; }

    public override string ToString() => $"NR_FILE_DIRTY={NrFileDirty} NR_WRITEBACK={NrWriteback}";
}
