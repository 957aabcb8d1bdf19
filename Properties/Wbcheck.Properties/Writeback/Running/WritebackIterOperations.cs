using Wbcheck.Model;
using Wbcheck.Model.Mm;

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

    public ValueTask<int> Writepage(Page page, WritebackControl wbc) => inner.Writepage(page, wbc);

    public async ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc)
    {
        var iteration = new WritebackIteration(mapping, wbc, kernel.Config.BatchSize);
        Page? page = null;
        var error = 0;
        while ((page = await kernel.PageWriteback.WritebackIter(iteration, page, error)) is not null)
        {
            error = await inner.Writepage(page, wbc);
            Filemap.MappingSetError(mapping, error < 0 ? error : 0);
            if (Loop == PassLoop.WritebackIterLosingErrors)
            {
                error = 0;
            }
        }

        return iteration.Result;
    }
}
