using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>
    /// sync_writeback_pages: how many pages a throttled task writes back before it may go on,
    /// half as many again as the ratelimit, so that its I/O comes in reasonably large pieces.
    /// </summary>
    [Models("mm/page-writeback.c", "sync_writeback_pages", "2.6.20", Fingerprint = "a3429d8315630d8c")]
    public long SyncWritebackPages() => RatelimitPages + (RatelimitPages / 2);

    /// <summary>
    /// Throttle a task that has been dirtying <paramref name="mapping"/>. While dirty, unstable
    /// and writeback pages together are over the dirty threshold, it writes back up to a chunk
    /// of pages itself and, if that did not bring memory under the threshold, waits for the
    /// queue to drain and tries again. It returns once under the threshold, or once it has
    /// written a whole chunk: its duty is done, even if other writers keep memory over. On the
    /// way out it wakes pdflush for background writeout unless pdflush is already at this disk.
    /// </summary>
    [Models("mm/page-writeback.c", "balance_dirty_pages", "2.6.20", Fingerprint = "b528208dae864cf6")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask BalanceDirtyPages(AddressSpace mapping)
    {
        long pagesWritten = 0;
        var writeChunk = SyncWritebackPages();
        long nrReclaimable;
        DirtyLimits limits;
        while (true)
        {
            var wbc = new WritebackControl
            {
                SyncMode = WritebackSyncMode.None,
                NrToWrite = writeChunk,
                RangeCyclic = kernel.Era.HasRangeCyclic(), // the list era's pass has no such field: io_pages resumes it
            };
            limits = GetDirtyLimits(mapping);
            nrReclaimable = NrReclaimable();
            if (nrReclaimable + Vmstat.NrWriteback <= ReleaseLine(limits))
            {
                break;
            }

            DirtyExceeded = true;

            // Only dirty and unstable pages can be written; pages already under writeback can
            // only be waited for.
            if (nrReclaimable != 0 && !Faults.BalanceOnlyWaits)
            {
                await kernel.FsWriteback.WritebackInodes(wbc);
                limits = GetDirtyLimits(mapping);
                nrReclaimable = NrReclaimable();
                if (nrReclaimable + Vmstat.NrWriteback <= ReleaseLine(limits))
                {
                    break;
                }

                pagesWritten += Faults.BalanceCountsUnwrittenPages ? wbc.NrToWrite : writeChunk - wbc.NrToWrite;
                if (Faults.BalanceReturnsBeforeItsChunk ? pagesWritten > 0 : pagesWritten >= writeChunk)
                {
                    break;
                }
            }

            await kernel.BackingDev.CongestionWait(Timers.Hz / 10);
        }

        if (nrReclaimable + Vmstat.NrWriteback <= limits.Dirty && DirtyExceeded)
        {
            DirtyExceeded = false;
        }

        if (kernel.BackingDev.WritebackInProgress())
        {
            return;
        }

        // Laptop mode lets dirty data build up to the dirty threshold, then writes it all down
        // to the background threshold in one go, so that a slow writer spins the disk up
        // rarely. Otherwise background writeout starts at the background threshold, to keep
        // dirty memory low.
        var laptopMode = Sysctls.LaptopMode != 0;
        if ((laptopMode && pagesWritten != 0) || (!laptopMode && nrReclaimable > limits.Background))
        {
            BdiStartBackgroundWriteback();
        }
    }

    /// <summary>The line 2.6.20's throttle lets a task go under: the dirty threshold (the background one with <see cref="Faults.ThrottleReleasesAtBackgroundThreshold"/>).</summary>
    private long ReleaseLine(DirtyLimits limits) => Faults.ThrottleReleasesAtBackgroundThreshold ? limits.Background : limits.Dirty;

    /// <summary>Dirty a page mapped for writing, and throttle the task if it newly dirtied it.</summary>
    [Models("mm/page-writeback.c", "set_page_dirty_balance", "2.6.20", Fingerprint = "2701da9798811ef7")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask SetPageDirtyBalance(Page page)
    {
        if (await kernel.PageWriteback.FolioMarkDirty(page) && page.Mapping is { } mapping)
        {
            await BalanceDirtyPagesRatelimited(mapping);
        }
    }
}
