using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class PageWriteback
{
    /// <summary>
    /// write_cache_pages as it stood from 2.6.29 to 6.8, with the changes of that time switched by
    /// era: TOWRITE tagging (2.6.36), resuming at the last page rather than after it (3.0), no wrap within a range_cyclic pass (4.20), integrity
    /// writeback going on after an error (5.0), and the ranged tagged lookup (4.15, see
    /// <see cref="KernelEras.TagLookupEndsAtRangeEnd"/>).
    /// </summary>
    [Models("mm/page-writeback.c", "write_cache_pages", "2.6.29")]
    [Models("mm/page-writeback.c", "write_cache_pages", "2.6.36")]
    [Models("mm/page-writeback.c", "write_cache_pages", "3.0")]
    [Models("mm/page-writeback.c", "write_cache_pages", "4.19")]
    [Models("mm/page-writeback.c", "write_cache_pages", "5.0")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> WriteCachePagesClassic(AddressSpace mapping, WritebackControl wbc, WritepageCallback writepage)
    {
        var era = kernel.Era;
        var batch = new FolioBatch(kernel.Config.BatchSize);
        var result = 0;
        var done = false;
        long writebackIndex = 0, index, end;
        bool cycled;
        if (wbc.RangeCyclic)
        {
            writebackIndex = mapping.WritebackIndex;
            index = writebackIndex;
            cycled = index == 0 || !era.CyclicWrapsAfterPages();
            end = long.MaxValue;
        }
        else
        {
            index = wbc.RangeStart >> WritebackControl.PageShift;
            end = wbc.RangeEnd == WritebackControl.LLongMax ? long.MaxValue : wbc.RangeEnd >> WritebackControl.PageShift;
            cycled = true; // range_cyclic does not apply
        }

        var tagged = era.TagsTowrite() && (wbc.SyncMode == WritebackSyncMode.All || wbc.TaggedWritepages);
        var tag = tagged ? XaMark.Towrite : XaMark.Dirty;
        NotifyPassStarted(mapping, wbc);
        long doneIndex;
        while (true)
        {
            if (tagged)
            {
                await TagPagesForWriteback(mapping, index, end);
            }

            doneIndex = index;
            while (!done && index <= end)
            {
                await Filemap.CondResched(new StepLabel(kernel.Names.PagevecLookupTag, index));
                // From 4.15 the lookup ends the walk at end after a batch that is not full. Before,
                // it asked for a count of pages from the cursor and moved the cursor just past the
                // last one, so the walk looked again and took pages tagged ahead of it meanwhile,
                // until a lookup found none or one past end.
                index = era.TagLookupEndsAtRangeEnd()
                    ? Filemap.FilemapGetFoliosTag(mapping, index, end, tag, batch)
                    : Filemap.PagevecLookupTag(mapping, index, tag, Math.Min(end - index, batch.Capacity - 1) + 1, batch);
                if (batch.Count == 0)
                {
                    break;
                }

                for (var i = 0; i < batch.Count && !done; i++)
                {
                    var page = batch[i];

                    // A count, not a range (before 4.15): a page past end ends the walk before it
                    // is locked. Not in a range_cyclic pass's first round, whose end is the last index.
                    if (page.Index > end)
                    {
                        done = true;
                        break;
                    }

                    doneIndex = era.DoneIndexPastEachPage() ? page.Index + 1 : page.Index;
                    await Filemap.FolioLock(page);

                    // Truncated or invalidated: skip it, even for data integrity.
                    if (page.Mapping != mapping || !page.Dirty)
                    {
                        Filemap.FolioUnlock(page);
                        continue;
                    }

                    if (page.Writeback)
                    {
                        if (wbc.SyncMode == WritebackSyncMode.None)
                        {
                            Filemap.FolioUnlock(page);
                            continue;
                        }

                        await Filemap.FolioWaitWriteback(page);
                    }

                    // Cannot fire in the model: the wait returns only once PG_writeback is clear, and
                    // starting writeback again needs the page lock, which this thread holds.
                    Bug.On(page.Writeback, "write_cache_pages", $"{page} under writeback after waiting with the page locked");
                    if (!await ClearPageDirtyForIo(page))
                    {
                        Filemap.FolioUnlock(page);
                        continue;
                    }

                    var error = await writepage(page, wbc);
                    if (error == Errno.AOP_WRITEPAGE_ACTIVATE)
                    {
                        Filemap.FolioUnlock(page);
                        error = 0;
                    }

                    if (error != 0)
                    {
                        if (era.ErrorEndsEveryPass() || wbc.SyncMode != WritebackSyncMode.All)
                        {
                            // Past this page, so that a media error does not choke background
                            // writeout of the whole file.
                            result = error;
                            doneIndex = page.Index + 1;
                            done = true;
                            break;
                        }

                        if (result == 0)
                        {
                            result = error;
                        }
                    }

                    // Only memory-cleaning writeback stops at nr_to_write: an integrity sync must
                    // write every page it set out to write.
                    if (--wbc.NrToWrite <= 0 && wbc.SyncMode == WritebackSyncMode.None)
                    {
                        done = true;
                    }
                }

                Filemap.FolioBatchRelease(batch);
            }

            if (cycled || done)
            {
                break;
            }

            // range_cyclic hit the end with work left: wrap back to the start of the file. This
            // locks lower pages after higher ones within one pass (fixed in 4.20).
            cycled = true;
            index = 0;
            end = writebackIndex - 1;
        }

        // Since 4.20 a pass that reached the end leaves the wrap to the next pass.
        if (wbc.RangeCyclic && !done && era.AtLeast(KernelEra.V4_20))
        {
            doneIndex = 0;
        }

        if (wbc.RangeCyclic || (wbc.RangeWhole && wbc.NrToWrite > 0))
        {
            mapping.WritebackIndex = doneIndex;
        }

        NotifyPassEnded(mapping, wbc, result);
        return result;
    }
}
