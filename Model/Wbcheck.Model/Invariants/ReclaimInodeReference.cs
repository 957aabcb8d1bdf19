using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// Reclaim never takes or drops an inode reference while it holds a page lock. A reference
/// reclaim takes it must drop again, and the drop can be the final iput: eviction truncates the
/// file and waits for every page lock, the one reclaim holds among them, and takes filesystem
/// locks the allocating task may hold. A context check, as lockdep's: it fires at the igrab or
/// iput itself, on every schedule, not only on the one that deadlocks.
/// </summary>
public sealed class ReclaimInodeReference(Kernel kernel) : IKernelObserver
{
    public const string Name = "no inode reference under a page lock in reclaim";

    // Pages some thread has locked; those still locked by the current thread are the ones it holds.
    private readonly HashSet<Page> locked = [];

    public void PageLocked(Page page) => locked.Add(page);

    public void InodeReferenceChanged(Inode inode, bool taken)
    {
        if (!kernel.Vmscan.CurrentIsReclaiming())
        {
            return;
        }

        locked.RemoveWhere(page => !page.Locked);
        var current = kernel.Runtime.Current;
        foreach (var page in locked)
        {
            if (page.LockQueue.Holder == current)
            {
                var mapping = page.Mapping is { } held ? $" of {held.Host}" : "";
                throw new InvariantViolationException(Name,
                    $"{current} {(taken ? "took a reference to (igrab)" : "dropped a reference to (iput)")} {inode} in reclaim while holding the lock of {page}{mapping}");
            }
        }
    }
}
