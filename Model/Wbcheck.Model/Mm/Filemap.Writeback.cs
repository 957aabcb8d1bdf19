using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;

namespace Wbcheck.Model.Mm;

public sealed partial class Filemap
{
    private readonly List<PendingWake> pendingWakes = [];

    /// <summary>
    /// Set by the I/O completion around bi_end_io: the wake-ups of the pages whose writeback it
    /// ends are left for <see cref="WakeUpPages"/>, a step of their own, so that other CPUs may
    /// run in the window between PG_writeback clearing and the wake-up, as they can.
    /// </summary>
    internal bool DeferWakeUps { get; set; }

    /// <summary>
    /// The wake-ups the running completion's bi_end_io left (null: none), handed to it and
    /// forgotten here, for it to do in its next step with <see cref="WakeUpPages"/>.
    /// </summary>
    internal PendingWake[]? TakeWakeUps()
    {
        if (pendingWakes.Count == 0)
        {
            return null;
        }

        var owed = pendingWakes.ToArray();
        pendingWakes.Clear();
        return owed;
    }

    /// <summary>
    /// End writeback of a page: clear PG_writeback and its tag, then wake the waiters. Called from
    /// I/O completion, in interrupt context: it never sleeps. Writeback holds no page reference
    /// of its own, relying on truncate to wait for PG_writeback; the moment it is clear, truncate
    /// may free the page, and another file may get it. From 5.10 (5.8 stable) a reference is
    /// taken across the clear and the wake-up; before, the wake-up could reach a freed or reused
    /// page, which matters from 4.10, when it began writing the page's flags (PG_waiters).
    /// </summary>
    [Models("mm/filemap.c", "folio_end_writeback", "6.9")]
    [Models("mm/filemap.c", "end_page_writeback", "4.13")]
    [Models("mm/filemap.c", "end_page_writeback", "2.6.20")]
    public void FolioEndWriteback(Page page)
    {
        Bug.On(!page.Writeback, "folio_end_writeback", $"{page} is not under writeback");

        // Reclaim asked for the page once written: folio_rotate_reclaimable moves it to its LRU's
        // tail, where reclaim's next batch frees it; kswapd must meet it twice again.
        if (page.Reclaim)
        {
            page.Reclaim = false;
            kernel.Vmscan.RotateReclaimablePage(page);
        }

        var holdsReference = kernel.Era.EndWritebackHoldsReference() && !kernel.Faults.EndWritebackTakesNoReference;
        if (holdsReference)
        {
            FolioGet(page);
        }

        kernel.PageWriteback.TestClearPageWriteback(page);
        page.WritebackQueue.Holder = null;
        page.WritebackQueue.HolderNote = null;
        var wake = new PendingWake(page, page.Generation, holdsReference);
        if (DeferWakeUps && kernel.Era.WakeUpTouchesPage())
        {
            pendingWakes.Add(wake);
            return;
        }

        WakeUpPage(wake);
    }

    /// <summary>The wake-ups a completion owes, in the order their writeback ended.</summary>
    internal void WakeUpPages(PendingWake[] owed)
    {
        for (var i = 0; i < owed.Length; i++)
        {
            WakeUpPage(owed[i]);
        }
    }

    /// <summary>
    /// Wake the page's PG_writeback waiters. From 4.10 this writes the page's own flags (it
    /// clears PG_waiters when no waiter is left), so the page must still be the one whose
    /// writeback ended: the reference end_page_writeback takes from 5.10 sees to it, and drops
    /// it here, which may free the page. Before 4.10 the wait queue was found by hashing the
    /// page's zone, state that does not change across allocations: no touch.
    /// </summary>
    [Models("mm/filemap.c", "folio_wake_bit", "6.9")]
    [Models("mm/filemap.c", "wake_up_page_bit", "4.13")]
    [Models("mm/filemap.c", "wake_up_page", "2.6.20")]
    private void WakeUpPage(PendingWake wake)
    {
        var page = wake.Page;
        if (kernel.Era.WakeUpTouchesPage())
        {
            PageAlloc.Touch(page, wake.Generation, kernel.Names.WakeUpPage);
        }

        Runtime.WakeAll(page.WritebackQueue);
        if (wake.HoldsReference)
        {
            FolioPut(page);
        }
    }

    /// <summary>A wake-up owed to a page whose writeback ended: the generation it had then, and whether a reference is held for it.</summary>
    internal readonly record struct PendingWake(Page Page, int Generation, bool HoldsReference);
}
