using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class Filemap
{
    /// <summary>Remove a locked page from its mapping and drop the page cache's reference.</summary>
    [Models("mm/filemap.c", "filemap_remove_folio", "6.9")]
    [Models("mm/filemap.c", "remove_from_page_cache", "2.6.20")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask FilemapRemoveFolio(Page page)
    {
        var mapping = page.Mapping!;
        await XaLock(mapping, new StepLabel(kernel.Names.RemoveFromPageCache, page.Index));
        FilemapRemoveFolioUnderLock(page, mapping);
        XaUnlock();
        FolioPut(page);
    }

    /// <summary>
    /// Take the page out of the tree (its tags go with it) and clear page-&gt;mapping. The caller
    /// holds the tree lock and the page lock, and drops the page cache's reference afterwards.
    /// </summary>
    [Models("mm/filemap.c", "__filemap_remove_folio", "6.9")]
    [Models("mm/filemap.c", "__remove_from_page_cache", "2.6.20")]
    internal void FilemapRemoveFolioUnderLock(Page page, AddressSpace mapping)
    {
        Bug.On(!page.Locked, "__filemap_remove_folio", $"{page} is not locked");
        Bug.On(page.Mapping != mapping, "__filemap_remove_folio", $"{page} is not in {mapping}");

        // filemap_unaccount_folio: "At this point folio must be either written or cleaned by
        // truncate. Dirty folio here signals a bug and loss of unwritten data."
        Bug.On(page.Dirty, "filemap_unaccount_folio", $"{page} removed from the page cache while dirty: unwritten data lost");
        Bug.On(page.Writeback, "filemap_unaccount_folio", $"{page} removed from the page cache under writeback");

        mapping.Pages.Erase(page.Index);
        if (kernel.Era.HasPageLists())
        {
            mapping.Lists.Remove(page);
        }

        page.Mapping = null;
        foreach (var observer in kernel.Observers)
        {
            observer.PageRemoved(page, mapping);
        }
    }
}
