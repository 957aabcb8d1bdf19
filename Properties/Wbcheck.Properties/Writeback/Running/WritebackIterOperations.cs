using Wbcheck.Model;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Properties.Writeback.Running;

/// <summary>
/// The filesystem's operations with a switchable -&gt;writepages. Under
/// <see cref="PassLoop.WriteCachePages"/> it has none, so do_writepages uses write_cache_pages;
/// otherwise its -&gt;writepages drives writeback_iter itself and hands each page to the
/// filesystem's -&gt;writepage, recording its errors on the mapping as writepage_cb does: the
/// loop iomap and others use since 6.9. The filesystem's -&gt;writepage never returns
/// AOP_WRITEPAGE_ACTIVATE outside reclaim, the one thing write_cache_pages would undo.
/// </summary>
internal sealed class WritebackIterOperations(IAddressSpaceOperations inner, Kernel kernel) : IAddressSpaceOperations
{
    public PassLoop Loop { get; set; } = PassLoop.WriteCachePages;

    public bool HasWritepages => Loop != PassLoop.WriteCachePages;

    public bool HasWritepage => inner.HasWritepage;

    public bool HasReleasepage => inner.HasReleasepage;

    public ValueTask<bool> Releasepage(Page page, Gfp gfpMask) => inner.Releasepage(page, gfpMask);

    public ValueTask<Page?> WriteBegin(Filemap filemap, AddressSpace mapping, long index) => inner.WriteBegin(filemap, mapping, index);

    public void WriteEnd(AddressSpace mapping) => inner.WriteEnd(mapping);

    public ValueTask<int> Writepage(Page page, WritebackControl wbc) => inner.Writepage(page, wbc);

    public async ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc)
    {
        var iteration = new WritebackIteration(mapping, wbc, kernel.Config.BatchSize);
        Page? page = null;
        var error = 0;
        var first = true;
        while ((page = await kernel.PageWriteback.WritebackIter(iteration, page, error)) is not null)
        {
            if (first && Loop == PassLoop.WritebackIterTaggingPastRange)
            {
                await TagPastRange(mapping, wbc);
            }

            first = false;
            error = await inner.Writepage(page, wbc);
            Filemap.MappingSetError(mapping, error < 0 ? error : 0);
            if (Loop == PassLoop.WritebackIterWalkingDirty)
            {
                await WriteNextUntagged(mapping, wbc, page.Index);
            }

            if (Loop == PassLoop.WritebackIterLosingErrors)
            {
                error = 0;
            }
        }

        return iteration.Result;
    }

    private static bool Tags(WritebackControl wbc) => wbc.SyncMode == WritebackSyncMode.All || wbc.TaggedWritepages;

    private static long End(WritebackControl wbc) =>
        wbc.RangeCyclic || wbc.RangeEnd == WritebackControl.LLongMax ? long.MaxValue : wbc.RangeEnd >> WritebackControl.PageShift;

    /// <summary><see cref="PassLoop.WritebackIterTaggingPastRange"/>: tag TOWRITE from just past a ranged tagged pass's end to the end of the file.</summary>
    private async ValueTask TagPastRange(AddressSpace mapping, WritebackControl wbc)
    {
        if (Tags(wbc) && End(wbc) != long.MaxValue)
        {
            await kernel.PageWriteback.TagPagesForWriteback(mapping, End(wbc) + 1, long.MaxValue);
        }
    }

    /// <summary>
    /// <see cref="PassLoop.WritebackIterWalkingDirty"/>: after each page of a tagged pass, also
    /// write the next page of the range past it that is DIRTY but not TOWRITE, as a pass walking
    /// DIRTY would meet it.
    /// </summary>
    private async ValueTask WriteNextUntagged(AddressSpace mapping, WritebackControl wbc, long after)
    {
        var tree = mapping.Pages;
        var end = End(wbc);
        if (!Tags(wbc) || after >= end)
        {
            return;
        }

        for (var index = tree.FindNext(after + 1, end, XaMark.Dirty); index >= 0; index = index < end ? tree.FindNext(index + 1, end, XaMark.Dirty) : -1)
        {
            if (tree.GetMark(index, XaMark.Towrite))
            {
                continue;
            }

            var page = tree.Load(index)!;
            Filemap.FolioGet(page);
            await kernel.Filemap.FolioLock(page);
            if (page.Mapping == mapping && !page.Writeback && await kernel.PageWriteback.ClearPageDirtyForIo(page))
            {
                Filemap.MappingSetError(mapping, Math.Min(await inner.Writepage(page, wbc), 0));
            }
            else
            {
                kernel.Filemap.FolioUnlock(page);
            }

            kernel.Filemap.FolioPut(page);
            return;
        }
    }
}
