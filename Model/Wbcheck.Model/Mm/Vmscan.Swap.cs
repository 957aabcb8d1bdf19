using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// mm/swap.c's page aging from the accessor's side: the first access through a system call
/// marks a page PG_referenced, the second, while it is still inactive, moves it to the active
/// list. Pages referenced through ptes are found by reclaim instead (<see cref="Rmap.FolioReferenced"/>).
/// </summary>
public sealed partial class Vmscan
{
    /// <summary>
    /// An access to <paramref name="page"/> through a system call: inactive and referenced already,
    /// it is activated and its PG_referenced cleared; otherwise PG_referenced is set. The same in
    /// every era. The kernel activates only a page on its LRU (PageLRU) and leaves one a reclaimer
    /// has isolated referenced; the model does not track isolation, so such a page is activated
    /// and the reclaimer's put-back leaves it at the active head, where the kernel's putback_lru_page
    /// would put a page marked active.
    /// </summary>
    [Models("mm/swap.c", "mark_page_accessed", "2.6.20")]
    [Models("mm/swap.c", "mark_page_accessed", "3.18")]
    [Models("mm/swap.c", "folio_mark_accessed", "6.9")]
    public void MarkPageAccessed(Page page)
    {
        if (!page.PageReferenced)
        {
            page.PageReferenced = true;
        }
        else if (!page.Active)
        {
            ActivatePage(page);
            page.PageReferenced = false;
        }
    }

    /// <summary>
    /// A buffered write's access: <see cref="MarkPageAccessed"/> in the eras whose write marks the
    /// page (<see cref="ActiveListEras.BufferedWriteMarksPageAccessed"/>, to 4.6), nothing after.
    /// </summary>
    [Models("mm/filemap.c", "generic_file_buffered_write (mark_page_accessed)", "2.6.20")]
    [Models("mm/filemap.c", "grab_cache_page_write_begin (FGP_ACCESSED)", "3.18")]
    public void MarkPageAccessedByWrite(Page page)
    {
        if (kernel.Era.BufferedWriteMarksPageAccessed())
        {
            MarkPageAccessed(page);
        }
    }

    /// <summary>A page of the inactive list moves to the active list's head, PG_active set.</summary>
    [Models("mm/swap.c", "activate_page", "2.6.20")]
    [Models("mm/swap.c", "folio_activate", "6.9")]
    private void ActivatePage(Page page)
    {
        if (page.Active || page.Mapping is null)
        {
            return;
        }

        page.Active = true;
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Lru));
        if (lru.Remove(page))
        {
            lru.Add(page);
        }
    }
}
