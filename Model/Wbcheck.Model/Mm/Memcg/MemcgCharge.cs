using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Memcg;

/// <summary>
/// What one charge carries from one round of the memcg's reclaim to the next (locals of
/// try_charge): how many pages it asks the counter for, the retries it has used, whether it has
/// drained the stocks and passed the OOM path, and whether it is let over the limit. The caller
/// of <see cref="Memcontrol.TryChargeCounter"/> and <see cref="Memcontrol.TryCharge"/> makes one
/// for the page it adds and passes it to every round.
/// </summary>
[Models("mm/memcontrol.c", "try_charge (batch, nr_retries, drained, force)", "4.19")]
[Models("mm/memcontrol.c", "try_charge_memcg (passed_oom)", "6.9")]
public sealed class MemcgCharge
{
    /// <summary>
    /// How many pages the counter is asked for (batch; csize in 2.6.36): the era's batch until
    /// the counter refuses it, then one page for the rest of the charge
    /// (<see cref="MemcgEras.MemcgChargeBatch"/>); null before the first try.
    /// </summary>
    public long? Batch { get; internal set; }

    /// <summary>The retries used (nr_retries counts them down from MEM_CGROUP_RECLAIM_RETRIES); the OOM path renews them.</summary>
    public int NrRetries { get; internal set; }

    /// <summary>The round that drains the per-cpu stocks has been taken (drained; 3.19 on).</summary>
    public bool Drained { get; internal set; }

    /// <summary>The charge went through the memcg OOM path and is being retried (passed_oom; 6.9).</summary>
    public bool PassedOom { get; internal set; }

    /// <summary>The charger is let over the limit (force, bypass): a dying task, where the era lets it.</summary>
    public bool OverLimit { get; internal set; }
}
