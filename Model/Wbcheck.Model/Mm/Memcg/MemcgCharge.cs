using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Memcg;

/// <summary>
/// What one charge carries from one round of the memcg's reclaim to the next (locals of
/// try_charge): the retries it has used, and whether the OOM path let it charge over the limit.
/// The caller of <see cref="Memcontrol.TryCharge"/> makes one for the page it adds and passes it
/// to every round.
/// </summary>
[Models("mm/memcontrol.c", "try_charge (nr_retries, force)", "4.19")]
public sealed class MemcgCharge
{
    /// <summary>The retries used (nr_retries counts them down from MEM_CGROUP_RECLAIM_RETRIES).</summary>
    public int NrRetries { get; internal set; }

    /// <summary>The memcg OOM killer chose the charger, which charges its page over the limit (force, bypass).</summary>
    public bool OverLimit { get; internal set; }
}
