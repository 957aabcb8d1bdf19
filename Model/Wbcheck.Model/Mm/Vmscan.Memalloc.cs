using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class Vmscan
{
    private readonly Dictionary<ModelThread, int> reclaiming = [];

    /// <summary>
    /// Whether the current thread is inside page reclaim (PF_MEMALLOC, which kswapd and a task in
    /// direct reclaim set for the duration): what a context check asks of the thread that takes or
    /// drops an inode reference.
    /// </summary>
    [Models("include/linux/sched/mm.h", "memalloc_noreclaim_save (PF_MEMALLOC)", "6.9")]
    public bool CurrentIsReclaiming() => reclaiming.ContainsKey(kernel.Runtime.Current);

    /// <summary>The current thread enters reclaim; entries nest (reclaim calls itself through its helpers).</summary>
    private void EnterReclaim()
    {
        var current = kernel.Runtime.Current;
        reclaiming[current] = reclaiming.GetValueOrDefault(current) + 1;
    }

    private void ExitReclaim()
    {
        var current = kernel.Runtime.Current;
        if (--reclaiming[current] == 0)
        {
            reclaiming.Remove(current);
        }
    }
}
