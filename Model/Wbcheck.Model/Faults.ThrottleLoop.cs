namespace Wbcheck.Model;

/// <summary>Bugs of the running I/O-less loop of 4.2 on (dtc, 5.15's bandwidth work, BDP_ASYNC) that can be switched in, each to prove the check meant to catch it.</summary>
public sealed partial record Faults
{
    /// <summary>
    /// 6.9's __wb_update_bandwidth takes elapsed as it is, without max(elapsed, 1): as
    /// 45a2966fd641 ("writeback: fix bandwidth estimate for spiky workload") was first posted,
    /// before Jan Kara's fixup ("writeback: Avoid division by 0 in wb_update_dirty_ratelimit()")
    /// was folded into it. Two estimates in one jiffy divide by zero.
    /// </summary>
    public bool BandwidthElapsedNotClamped { get; init; }

    /// <summary>
    /// balance_dirty_pages ignores BDI_CAP_STRICTLIMIT (as before 5a53748568f7, 3.12): a
    /// strictlimit disk's dirtiers run free under the machine's freerun ceiling, whatever the
    /// disk's own share, and are dirty_exceeded only over the global threshold.
    /// </summary>
    public bool StrictlimitIgnored { get; init; }

    /// <summary>
    /// balance_dirty_pages leaves out the memcg domain (mdtc NULL, as before 4.2's cgroup
    /// writeback): a task in a memory cgroup is throttled by the global domain alone, however
    /// far over its memcg's threshold.
    /// </summary>
    public bool MemcgDomainIgnored { get; init; }

    /// <summary>balance_dirty_pages ignores BDP_ASYNC and sleeps its pause in an IOCB_NOWAIT write.</summary>
    public bool BdpAsyncIgnored { get; init; }
}
