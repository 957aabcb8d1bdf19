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
        InodeAddLruIfShrinkable(mapping);
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
        if (page.Dirty)
        {
            UnaccountDirtyPage(page);
        }

        Bug.On(page.Writeback, "filemap_unaccount_folio", $"{page} removed from the page cache under writeback");

        mapping.Pages.Erase(page.Index);
        kernel.Vmscan.LruDel(page);
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

    /// <summary>
    /// A page leaves the page cache still dirty: its data is lost. What the kernel did about it
    /// changed. Until 2.6.24 nothing: NR_FILE_DIRTY went on counting the page. From 2.6.24 the
    /// count was fixed up without a word ("Some filesystems seem to re-dirty the page even after
    /// the VM has canceled the dirty bit (eg ext3 journaling)"). From 4.1 the fix-up also warns,
    /// once: "Dirty page here signals a bug and loss of unwritten data". The warning is reported
    /// as a kernel bug; the silent eras leave it to the invariants (accounting, truncate safety).
    /// PG_dirty stays set in every era: it is cleared when the page is freed.
    /// </summary>
    [Models("mm/filemap.c", "filemap_unaccount_folio", "6.9")]
    [Models("mm/filemap.c", "__delete_from_page_cache", "4.1")]
    [Models("mm/filemap.c", "__remove_from_page_cache", "2.6.24")]
    [Models("mm/filemap.c", "__remove_from_page_cache", "2.6.20")]
    private void UnaccountDirtyPage(Page page)
    {
        Bug.On(kernel.Era.RemovalWarnsOnDirtyPage(), kernel.Names.UnaccountPage, $"WARN_ON_ONCE: {page} removed from the page cache while dirty: unwritten data lost");
        if (kernel.Era.RemovalUncountsDirtyPage())
        {
            kernel.Vmstat.NrFileDirty--;
            kernel.Throttle.WbStatUnaccountDirty(page.Mapping!.Host);
        }
    }
}
