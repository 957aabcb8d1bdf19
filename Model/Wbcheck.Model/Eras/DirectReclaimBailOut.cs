namespace Wbcheck.Model;

/// <summary>When a direct reclaimer stops scanning a zone before its count for the round is used up (<see cref="PriorityLoopEras.DirectReclaimBailOut"/>).</summary>
public enum DirectReclaimBailOut
{
    /// <summary>Never: the zone's whole count is scanned (2.6.20).</summary>
    None,

    /// <summary>Once the whole call has reclaimed more than SWAP_CLUSTER_MAX, below DEF_PRIORITY (2.6.28 to 2.6.31).</summary>
    CallOverTarget,

    /// <summary>Once the whole call has reclaimed nr_to_reclaim, below DEF_PRIORITY (2.6.32 to 3.10).</summary>
    CallTarget,

    /// <summary>Once the call's remaining target is met, at any priority (2.5.31's shrink_cache).</summary>
    RemainingTarget,

    /// <summary>Once this zone's (lruvec's) scan has reclaimed nr_to_reclaim, below DEF_PRIORITY (3.11 on).</summary>
    ZoneTarget,
}
