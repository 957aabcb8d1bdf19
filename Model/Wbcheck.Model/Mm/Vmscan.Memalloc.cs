using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class Vmscan
{
    /// <summary>
    /// The threads in reclaim (PF_MEMALLOC), each with how deep and the context of the allocation
    /// it reclaims for, as its outermost entry found it. Each task's own: current-&gt;flags, and
    /// the context lockdep's fs_reclaim annotation is given.
    /// </summary>
    private readonly Dictionary<ModelThread, (int Depth, Gfp Allocation)> reclaiming = [];

    /// <summary>
    /// Whether the current thread is inside page reclaim (PF_MEMALLOC, which kswapd and a task in
    /// direct reclaim set for the duration): what a context check asks of the thread that takes or
    /// drops an inode reference.
    /// </summary>
    [Models("include/linux/sched/mm.h", "memalloc_noreclaim_save (PF_MEMALLOC)", "6.9")]
    public bool CurrentIsReclaiming() => reclaiming.ContainsKey(kernel.Runtime.Current);

    /// <summary>
    /// The gfp mask of the allocation the current thread reclaims for, as the task's context
    /// leaves it (<see cref="PageAlloc.CurrentGfpContext"/>: without __GFP_FS inside a GFP_NOFS
    /// scope), or null outside reclaim; kswapd's is GFP_KERNEL. Taken as the reclaimer entered,
    /// before any fault can change what the scan control carries: what lockdep's fs_reclaim
    /// annotation is given (fs_reclaim_acquire(gfp_mask), which marks the reclaim as one that may
    /// enter filesystems only when the context has __GFP_FS). A context check asks it of the
    /// thread reclaim calls a filesystem from (<see cref="Invariants.NofsReclaimEntersNoFilesystem"/>).
    /// </summary>
    [Models("mm/page_alloc.c", "fs_reclaim_acquire (current_gfp_context; __GFP_FS)", "6.9")]
    public Gfp? CurrentReclaimGfp() => reclaiming.TryGetValue(kernel.Runtime.Current, out var entry) ? entry.Allocation : null;

    /// <summary>
    /// The current thread enters reclaim for an allocation of <paramref name="allocation"/>;
    /// entries nest (reclaim calls itself through its helpers), and the outermost's allocation is
    /// the one reclaimed for.
    /// </summary>
    private void EnterReclaim(Gfp allocation)
    {
        var current = kernel.Runtime.Current;
        reclaiming[current] = reclaiming.TryGetValue(current, out var outer)
            ? (outer.Depth + 1, outer.Allocation)
            : (1, kernel.PageAlloc.CurrentGfpContext(allocation));
    }

    private void ExitReclaim()
    {
        var current = kernel.Runtime.Current;
        var (depth, allocation) = reclaiming[current];
        if (depth == 1)
        {
            reclaiming.Remove(current);
        }
        else
        {
            reclaiming[current] = (depth - 1, allocation);
        }
    }

    /// <summary>
    /// Reclaim calls into <paramref name="inode"/>'s filesystem (<paramref name="entry"/>: which
    /// operation): tell the observers, a context check among them, while the reclaimer's context
    /// is still the one it entered with.
    /// </summary>
    internal void EntersFilesystem(Fs.Inode inode, string entry)
    {
        foreach (var observer in kernel.Observers)
        {
            observer.ReclaimEntersFilesystem(inode, entry);
        }
    }
}
