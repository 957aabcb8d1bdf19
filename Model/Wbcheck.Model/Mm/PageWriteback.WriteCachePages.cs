using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class PageWriteback
{
    /// <summary>
    /// Walk the dirty pages of a mapping and hand each, locked, to <paramref name="writepage"/>.
    /// Since 6.9 a thin wrapper over <see cref="WritebackIter"/>; it keeps the one thing the
    /// iterator leaves to callers, the AOP_WRITEPAGE_ACTIVATE convention.
    /// </summary>
    [Models("mm/page-writeback.c", "write_cache_pages", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> WriteCachePages(AddressSpace mapping, WritebackControl wbc, WritepageCallback writepage)
    {
        if (wbc.TaggedWritepages)
        {
            EraSettings.TaggedWritepages.Require(kernel.Era);
        }

        if (kernel.Era.HasPageLists())
        {
            return await MpageWritepagesLists(mapping, wbc, writepage);
        }

        if (!kernel.Era.HasWritebackIter())
        {
            return kernel.Era.SyncHonoursNrToWrite()
                ? await GenericWritepages(mapping, wbc, writepage)
                : await WriteCachePagesClassic(mapping, wbc, writepage);
        }

        var it = new WritebackIteration(mapping, wbc, kernel.Config.BatchSize);
        Page? page = null;
        var error = 0;
        while ((page = await WritebackIter(it, page, error)) is not null)
        {
            error = await writepage(page, wbc);

            // The filesystem kept the page locked and wants it left alone: not an error.
            if (error == Errno.AOP_WRITEPAGE_ACTIVATE)
            {
                Filemap.FolioUnlock(page);
                error = 0;
            }
        }

        return it.Result;
    }
}
