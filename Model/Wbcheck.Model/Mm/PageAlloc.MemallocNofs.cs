using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class PageAlloc
{
    /// <summary>The threads inside a GFP_NOFS scope (PF_MEMALLOC_NOFS), with how deep.</summary>
    private readonly Dictionary<ModelThread, int> memallocNofs = [];

    /// <summary>
    /// Open a GFP_NOFS scope on the current task (<see cref="GfpEras.HasMemallocNofsScope"/>):
    /// until <see cref="MemallocNofsRestore"/>, its allocations' reclaim may not enter a
    /// filesystem, whatever mask they pass (<see cref="CurrentGfpContext"/>). Scopes nest.
    /// </summary>
    [Models("include/linux/sched/mm.h", "memalloc_nofs_save", "6.9")]
    public void MemallocNofsSave()
    {
        if (!kernel.Era.HasMemallocNofsScope())
        {
            throw new UnmodelledPathException("memalloc_nofs_save", $"the {kernel.Era} kernel has no GFP_NOFS scope (4.12 on): pass GFP_NOFS");
        }

        var current = kernel.Runtime.Current;
        memallocNofs[current] = memallocNofs.GetValueOrDefault(current) + 1;
    }

    /// <summary>Close the current task's innermost GFP_NOFS scope.</summary>
    [Models("include/linux/sched/mm.h", "memalloc_nofs_restore", "6.9")]
    public void MemallocNofsRestore()
    {
        var current = kernel.Runtime.Current;
        Bug.On(!memallocNofs.TryGetValue(current, out var depth), "memalloc_nofs_restore", $"{current} has no GFP_NOFS scope open");
        if (depth == 1)
        {
            memallocNofs.Remove(current);
        }
        else
        {
            memallocNofs[current] = depth - 1;
        }
    }

    /// <summary>
    /// <paramref name="gfp"/> as the current task's scope leaves it: without __GFP_FS inside a
    /// GFP_NOFS scope. What reclaim runs with (try_to_free_pages, try_to_free_mem_cgroup_pages).
    /// </summary>
    [Models("include/linux/sched/mm.h", "current_gfp_context", "6.9")]
    public Gfp CurrentGfpContext(Gfp gfp) =>
        memallocNofs.ContainsKey(kernel.Runtime.Current) ? gfp & ~Gfp.Fs : gfp;
}
