using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class PageWriteback
{
    /// <summary>
    /// The writeback iterator: returns the next page to write, locked and with its dirty bit
    /// cleared for I/O, or null when the pass is over (then <see cref="WritebackIteration.Result"/>
    /// holds the error to return). Start with <paramref name="page"/> null; afterwards pass the page
    /// returned last and the error writing it gave. Callers must call it until it returns null.
    /// </summary>
    [Models("mm/page-writeback.c", "writeback_iter", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<Page?> WritebackIter(WritebackIteration it, Page? page, int error)
    {
        var mapping = it.Mapping;
        var wbc = it.Wbc;
        if (page is null)
        {
            Bug.On(it.Started, "writeback_iter", "a pass started twice");
            it.Started = true;
            it.SavedError = 0;

            // Range cyclic writeback goes on from where the last pass stopped; otherwise a pass
            // always starts at the beginning of its range.
            it.Index = wbc.RangeCyclic ? mapping.WritebackIndex : wbc.RangeStart >> WritebackControl.PageShift;
            NotifyPassStarted(mapping, wbc);

            // Tag first, then write only what was tagged, so that pages dirtied during the pass
            // cannot keep it going forever. An integrity pass must not miss a page, so only the
            // one that clears DIRTY (and submits the page) may clear the TOWRITE tag.
            if (wbc.SyncMode == WritebackSyncMode.All || wbc.TaggedWritepages)
            {
                await TagPagesForWriteback(mapping, it.Index, WbcEnd(wbc));
            }
        }
        else
        {
            wbc.NrToWrite--;
            Bug.On(error > 0, "writeback_iter", $"positive error {error} from writing {page}");

            // Integrity writeback keeps going after an error or after nr_to_write runs out, and
            // returns the first error at the end; background writeback stops at either.
            var stop = wbc.SyncMode == WritebackSyncMode.All
                ? StopIntegrity(it, error) || (kernel.Faults.SyncStopsAtError && error != 0)
                : error != 0 || (kernel.Faults.NrToWriteSpentOnlyAtZero ? wbc.NrToWrite == 0 : wbc.NrToWrite <= 0);
            if (stop)
            {
                Filemap.FolioBatchRelease(it.Batch);
                if (wbc.RangeCyclic)
                {
                    mapping.WritebackIndex = page.Index + 1;
                }

                return EndPass(it, error);
            }
        }

        var next = await WritebackGetFolio(it);
        if (next is null)
        {
            // range_cyclic does not wrap back to 0 within the pass: a pass that holds pages under
            // writeback for I/O it has not submitted would then lock a lower page after a
            // higher one, and ascending page->index order is the only lock order that is safe.
            if (wbc.RangeCyclic)
            {
                mapping.WritebackIndex = 0;
            }

            return EndPass(it, it.SavedError);
        }

        return next;
    }

    private bool StopIntegrity(WritebackIteration it, int error)
    {
        if (error != 0 && it.SavedError == 0)
        {
            it.SavedError = error;
        }

        return kernel.Faults.SyncStopsAtNrToWrite && it.Wbc.NrToWrite <= 0;
    }

    private Page? EndPass(WritebackIteration it, int result)
    {
        it.Result = result;
        NotifyPassEnded(it.Mapping, it.Wbc, result);
        return null;
    }

    /// <summary>The next page of the pass, locked and ready to write, or null when none is left.</summary>
    [Models("mm/page-writeback.c", "writeback_get_folio", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<Page?> WritebackGetFolio(WritebackIteration it)
    {
        while (true)
        {
            var page = it.Batch.Next();
            if (page is null)
            {
                Filemap.FolioBatchRelease(it.Batch);
                await Filemap.CondResched(new StepLabel("filemap_get_folios_tag", it.Index));
                it.Index = Filemap.FilemapGetFoliosTag(it.Mapping, it.Index, WbcEnd(it.Wbc), WbcToTag(it.Wbc), it.Batch);
                page = it.Batch.Next();
                if (page is null)
                {
                    return null;
                }
            }

            await Filemap.FolioLock(page);
            if (await FolioPrepareWriteback(it, page))
            {
                return page;
            }

            Filemap.FolioUnlock(page);
        }
    }

    /// <summary>
    /// Decide whether a page just locked is still to be written, waiting for its writeback first
    /// if this is an integrity pass; if so, clear its dirty bit for the I/O.
    /// </summary>
    [Models("mm/page-writeback.c", "folio_prepare_writeback", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<bool> FolioPrepareWriteback(WritebackIteration it, Page page)
    {
        // Truncated or invalidated: skip it even for data integrity. The page is gone, and a new
        // one at the same index is not one this sync was asked about.
        if (page.Mapping != it.Mapping && !kernel.Faults.NoMappingRecheckInIterator)
        {
            return false;
        }

        // Did somebody else write it for us?
        if (!page.Dirty)
        {
            return false;
        }

        if (page.Writeback)
        {
            // Memory-cleaning writeback can skip a page already under I/O. Integrity writeback
            // cannot: the data dirtied since that I/O started is not in it.
            if (it.Wbc.SyncMode == WritebackSyncMode.None || kernel.Faults.SyncSkipsWriteback)
            {
                return false;
            }

            await Filemap.FolioWaitWriteback(page);
        }

        // Cannot fire in the model (a deleted check is an equivalent mutant): FolioWaitWriteback
        // returns only once it has seen PG_writeback clear, with no scheduling point after, and
        // nobody can start writeback again without the page lock, which this thread holds.
        Bug.On(page.Writeback, "folio_prepare_writeback", $"{page} under writeback after waiting with the page locked");
        return await ClearPageDirtyForIo(page);
    }

    /// <summary>The last index of the pass: the range end, or no end for range_cyclic.</summary>
    [Models("mm/page-writeback.c", "wbc_end", "6.9")]
    internal static long WbcEnd(WritebackControl wbc) =>
        wbc.RangeCyclic || wbc.RangeEnd == WritebackControl.LLongMax ? long.MaxValue : wbc.RangeEnd >> WritebackControl.PageShift;

    /// <summary>Integrity and tagged passes walk the TOWRITE tags they set; others walk DIRTY.</summary>
    [Models("mm/page-writeback.c", "wbc_to_tag", "6.9")]
    private static XaMark WbcToTag(WritebackControl wbc) =>
        wbc.SyncMode == WritebackSyncMode.All || wbc.TaggedWritepages ? XaMark.Towrite : XaMark.Dirty;
}
