namespace Wbcheck.Model.Mm;

/// <summary>
/// Where reclaim met the disk's congestion and let it decide (<see cref="IKernelObserver.ReclaimCongestionGate"/>):
/// docs/reclaim-and-filesystems.md has the eras of each.
/// </summary>
public enum CongestionGate
{
    /// <summary>may_write_to_queue said no: a reclaimer not writing to the congested disk kept its dirty page (2.6.20 to 2.6.36).</summary>
    KeptForCongestedQueue,

    /// <summary>may_write_to_queue said yes only because the reclaimer is inside a write(2) to the congested disk (current-&gt;backing_dev_info).</summary>
    WroteAsQueueWriter,

    /// <summary>
    /// A reclaimer that is not kswapd napped on a congested mark: wait_iff_congested slept (3.19
    /// to 4.17, and 3.19's allocator retry), shrink_node's congestion_wait (4.18 to 5.x), or
    /// reclaim_throttle(VMSCAN_THROTTLE_CONGESTED) was called (6.9 on).
    /// </summary>
    NappedOnCongestedMark,
}
