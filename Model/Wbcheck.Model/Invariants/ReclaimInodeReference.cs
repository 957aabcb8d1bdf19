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

    // Pages each thread has locked, by thread id, in the order it locked them, less those it has
    // since been seen not to hold. Kept per thread, so that two threads' locks commute; pruned at
    // each lock, so that the list does not grow with the thread's history (which would also keep
    // apart states that differ only in what was locked and unlocked before).
    private readonly Dictionary<int, List<Page>> locked = [];

    public void PageLocked(Page page)
    {
        var current = kernel.Runtime.Current;
        if (!locked.TryGetValue(current.Id, out var pages))
        {
            locked[current.Id] = pages = [];
        }

        DropReleased(pages, current);
        pages.Add(page);
    }

    public void InodeReferenceChanged(Inode inode, bool taken)
    {
        if (!kernel.Vmscan.CurrentIsReclaiming())
        {
            return;
        }

        var current = kernel.Runtime.Current;
        if (!locked.TryGetValue(current.Id, out var pages))
        {
            return;
        }

        DropReleased(pages, current);
        foreach (var page in pages)
        {
            if (page.LockQueue.Holder == current)
            {
                var mapping = page.Mapping is { } held ? $" of {held.Host}" : "";
                throw new InvariantViolationException(Name,
                    $"{current} {(taken ? "took a reference to (igrab)" : "dropped a reference to (iput)")} {inode} in reclaim while holding the lock of {page}{mapping}");
            }
        }
    }

    // A loop, not RemoveAll with a lambda: this runs at every page lock, and the closure would allocate.
    private static void DropReleased(List<Page> pages, Runtime.ModelThread current)
    {
        for (var i = pages.Count - 1; i >= 0; i--)
        {
            if (!pages[i].Locked || pages[i].LockQueue.Holder != current)
            {
                pages.RemoveAt(i);
            }
        }
    }
}
