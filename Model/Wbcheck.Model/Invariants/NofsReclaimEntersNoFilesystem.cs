using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// Reclaim for an allocation without __GFP_FS never calls into a filesystem: no -&gt;writepage
/// from pageout (shrink_page_list's may_enter_fs), no -&gt;vm_writeback (2.5.31's shrink_cache),
/// no eviction from the inode cache's shrinker (super_cache_scan's SHRINK_STOP). Such an
/// allocation is a filesystem's under its own locks (GFP_NOFS, or a GFP_NOFS scope from 4.12);
/// the filesystem reclaim would call may need those very locks. A context check, as lockdep's
/// fs_reclaim annotation is: it fires where reclaim enters the filesystem, on every run, not
/// only on the one whose locks deadlock.
/// </summary>
public sealed class NofsReclaimEntersNoFilesystem(Kernel kernel) : IKernelObserver
{
    public const string Name = "reclaim without __GFP_FS enters no filesystem";

    public void ReclaimEntersFilesystem(Inode inode, string entry)
    {
        if (kernel.Vmscan.CurrentReclaimGfp() is { } gfp && !gfp.HasFlag(Gfp.Fs))
        {
            throw new InvariantViolationException(Name,
                $"{kernel.Runtime.Current}, reclaiming for an allocation without __GFP_FS ({(gfp == Gfp.NoIo ? "GFP_NOIO" : "GFP_NOFS")}), called {entry} of {inode}");
        }
    }
}
