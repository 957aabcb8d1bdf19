using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>
/// What one call of direct reclaim carries through its priority loop: its target, what it has
/// reclaimed and scanned, whether it may write pages, and the round's priority.
/// </summary>
[Models("mm/vmscan.c", "struct scan_control", "3.18")]
internal sealed class ScanControl
{
    /// <summary>nr_to_reclaim (swap_cluster_max before 2.6.32; 2.5.31's nr_pages): SWAP_CLUSTER_MAX.</summary>
    public int NrToReclaim { get; init; }

    /// <summary>nr_reclaimed: pages freed so far by this call.</summary>
    public int NrReclaimed { get; set; }

    /// <summary>nr_scanned: pages scanned in this round (zeroed at the start of each).</summary>
    public long NrScanned { get; set; }

    /// <summary>may_writepage: !laptop_mode at the start, raised by the loop in the eras that do.</summary>
    public bool MayWritepage { get; set; }

    /// <summary>priority: the round's, from the era's DEF_PRIORITY down.</summary>
    public int Priority { get; set; }

    /// <summary>
    /// The zones the allocation may use, in its order: what the loop scans, and in 2.5.31, whose
    /// one list holds every zone's pages, the pages a batch may free (shrink_list's memclass).
    /// </summary>
    public required IReadOnlyList<Zone> Zonelist { get; init; }
}
