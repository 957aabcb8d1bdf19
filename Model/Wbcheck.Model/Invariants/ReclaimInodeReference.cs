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
/// <param name="kernel">The kernel watched.</param>
/// <param name="noteVmWritebackIgrab">
/// Null: every such reference fails. Otherwise, on an era whose reclaim writes through
/// generic_vm_writeback (<see cref="ReclaimEras.ReclaimWritesThroughVmWriteback"/>, the list
/// era), its one igrab (marked at the call site; of the inode whose page is the only one the thread holds locked) is
/// passed here instead, the first time, and the check goes on: the era's known bug, which the
/// race scenarios' cells report (fixed by "Remove mapping-&gt;vm_writeback", 2.5.49), so that a
/// property's own invariants decide its cases there. Any other reference under a page lock fails.
/// </param>
public sealed class ReclaimInodeReference(Kernel kernel, Action<string>? noteVmWritebackIgrab = null) : IKernelObserver
{
    public const string Name = "no inode reference under a page lock in reclaim";

    // Pages each thread has locked, by thread id, in the order it locked them, less those it has
    // since been seen not to hold. Kept per thread, so that two threads' locks commute; pruned at
    // each lock, so that the list does not grow with the thread's history (which would also keep
    // apart states that differ only in what was locked and unlocked before).
    private readonly Dictionary<int, List<Page>> locked = [];
    private bool noted;

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
        if (pages.Count == 0)
        {
            return;
        }

        var page = pages[0];
        var mapping = page.Mapping is { } held ? $" of {held.Host}" : "";
        var what = $"{current} {(taken ? "took a reference to (igrab)" : "dropped a reference to (iput)")} {inode} in reclaim while holding the lock of {page}{mapping}";
        if (IsVmWritebackIgrab(inode, taken, pages))
        {
            if (!noted)
            {
                noted = true;
                noteVmWritebackIgrab!(what);
            }

            return;
        }

        throw new InvariantViolationException(Name, what);
    }

    /// <summary>
    /// generic_vm_writeback's igrab, taken under the lock of the one page reclaim is writing, of
    /// that page's inode: the call site itself (<see cref="Vmscan.VmWritebackIgrabbing"/>), not
    /// its shape, which an igrab elsewhere in reclaim can share.
    /// </summary>
    private bool IsVmWritebackIgrab(Inode inode, bool taken, List<Page> pages) =>
        noteVmWritebackIgrab is not null && taken && kernel.Vmscan.VmWritebackIgrabbing
        && kernel.Era.ReclaimWritesThroughVmWriteback() && pages.Count == 1 && pages[0].Mapping == inode.Mapping;

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
