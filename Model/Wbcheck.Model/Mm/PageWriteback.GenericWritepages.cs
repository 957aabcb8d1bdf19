using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class PageWriteback
{
    /// <summary>2.6.20's PAGEVEC_SIZE: the walk's batch, whose rest it writes once nr_to_write is spent.</summary>
    public const int GenericWritepagesPagevecSize = 14;

    /// <summary>
    /// The walk of 2.6.20 (generic_writepages, and mpage_writepages' copy of it): DIRTY tags in
    /// ascending order; nr_to_write or an error ends the pass in every sync mode, though the rest
    /// of the current pagevec is still written; a range_cyclic pass wraps to 0 only when its first
    /// lookup found nothing; writeback_index becomes the lookup cursor. The lookup asks for a count
    /// of pages, not a range, so a ranged pass locks (and unlocks) pages past its end.
    /// </summary>
    [Models("mm/page-writeback.c", "generic_writepages", "2.6.20", Fingerprint = "3c2bd82c48808318")]
    [Models("fs/mpage.c", "mpage_writepages", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> GenericWritepages(AddressSpace mapping, WritebackControl wbc, WritepageCallback writepage)
    {
        const int PagevecSize = GenericWritepagesPagevecSize;
        var batch = new FolioBatch(Math.Min(PagevecSize, kernel.Config.BatchSize));
        var result = 0;
        var done = false;
        var scanned = false;
        long index, end;
        if (wbc.RangeCyclic)
        {
            index = mapping.WritebackIndex;
            end = long.MaxValue;
        }
        else
        {
            index = wbc.RangeStart >> WritebackControl.PageShift;
            end = wbc.RangeEnd >> WritebackControl.PageShift;
            scanned = true;
        }

        NotifyPassStarted(mapping, wbc);
        while (true)
        {
            while (!done && index <= end)
            {
                await Filemap.CondResched(new StepLabel("pagevec_lookup_tag", index));
                // A count, not a range: the batch can hold pages past end, and the first of them
                // is locked before the check below ends the pass (found by the conformance
                // differential against the compiled 2.6.20 source).
                index = Filemap.PagevecLookupTag(mapping, index, XaMark.Dirty, Math.Min(end - index, PagevecSize - 1) + 1, batch);
                if (batch.Count == 0)
                {
                    break;
                }

                scanned = true;
                for (var i = 0; i < batch.Count; i++)
                {
                    var page = batch[i];

                    // Neither the tree lock nor the page lock is held here: the page may have
                    // been truncated since the lookup.
                    await Filemap.FolioLock(page);
                    if (page.Mapping != mapping)
                    {
                        Filemap.FolioUnlock(page);
                        continue;
                    }

                    if (!wbc.RangeCyclic && page.Index > end)
                    {
                        done = true;
                        Filemap.FolioUnlock(page);
                        continue;
                    }

                    if (wbc.SyncMode != WritebackSyncMode.None)
                    {
                        await Filemap.FolioWaitWriteback(page);
                    }

                    if (page.Writeback || !await ClearPageDirtyForIo(page))
                    {
                        Filemap.FolioUnlock(page);
                        continue;
                    }

                    result = await writepage(page, wbc);
                    if (result != 0)
                    {
                        // As written then, even AOP_WRITEPAGE_ACTIVATE is recorded as -EIO.
                        mapping.Flags |= result == Errno.ENOSPC ? AddressSpaceFlags.Enospc : AddressSpaceFlags.Eio;
                    }

                    if (result == Errno.AOP_WRITEPAGE_ACTIVATE)
                    {
                        Filemap.FolioUnlock(page);
                    }

                    if (result != 0 || (--wbc.NrToWrite <= 0 && !kernel.Faults.WritepagesWalkGoesOnPastSpentBudget))
                    {
                        done = true;
                    }
                }

                Filemap.FolioBatchRelease(batch);
            }

            if (scanned || done)
            {
                break;
            }

            // The first lookup found nothing past writeback_index: start again from 0.
            scanned = true;
            index = 0;
        }

        if (wbc.RangeCyclic || (wbc.RangeWhole && wbc.NrToWrite > 0))
        {
            mapping.WritebackIndex = index;
        }

        NotifyPassEnded(mapping, wbc, result);
        return result;
    }
}
