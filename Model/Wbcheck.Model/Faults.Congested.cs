namespace Wbcheck.Model;

/// <summary>Bugs of reclaim's congested mark and its nap (<see cref="CongestedEras"/>).</summary>
public sealed partial record Faults
{
    /// <summary>
    /// A batch whose dirty and writeback pages were all congested leaves its zone, node or memcg
    /// unmarked, as the model had it before the mark was modelled: no reclaimer naps for it.
    /// </summary>
    public bool ReclaimDoesNotMarkCongested { get; init; }

    /// <summary>
    /// A reclaimer that is not kswapd never naps on a congested mark (no wait_iff_congested, no
    /// reclaim_throttle(VMSCAN_THROTTLE_CONGESTED)), mark or not.
    /// </summary>
    public bool ReclaimSkipsCongestedNap { get; init; }
}
