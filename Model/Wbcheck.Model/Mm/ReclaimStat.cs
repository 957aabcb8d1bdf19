using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>
/// What shrink_page_list counted over one batch of isolated pages that the flags after the batch
/// are set from: the pages taken, those that were dirty and not under writeback when reclaim
/// held their lock (not yet queued for I/O), those under writeback, and those under writeback
/// that kswapd had marked before while the zone (node) was flagged as writing back (immediate).
/// </summary>
[Models("mm/vmscan.c", "struct reclaim_stat (nr_unqueued_dirty, nr_writeback, nr_immediate, nr_taken)", "4.19")]
internal sealed class ReclaimStat
{
    public int NrTaken { get; set; }

    public int NrUnqueuedDirty { get; set; }

    public int NrWriteback { get; set; }

    public int NrImmediate { get; set; }
}
