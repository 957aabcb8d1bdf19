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

    /// <summary>
    /// clear_bdi_congested clears the bit but wakes nobody: a task in congestion_wait while
    /// writes are in flight is never woken. The kernel's wait would end at its timeout; the
    /// model's, which lets the completion it waits for take no time, never ends: a nap on a
    /// congested queue hangs, for the deadlock detector to see.
    /// </summary>
    public bool CongestionClearWakesNobody { get; init; }
}
