namespace Wbcheck.Model;

/// <summary>
/// Uses of a page through a reference already given up: each lets another thread free the page
/// (and the allocator hand it out again) before the use, which the use-after-free check of that
/// use reports, naming who freed the page and in which step (docs/eras.md section 107).
/// </summary>
public sealed partial record Faults
{
    /// <summary>
    /// A get_user_pages holder that dirties with set_page_dirty and no page lock drops its pin
    /// first and dirties afterwards (put_page, then set_page_dirty: the order the kernel's
    /// "write_to(page); SetPageDirty(page); put_page(page)" forbids): reclaim or truncate may free
    /// the page in between, and folio_mark_dirty sets PG_dirty in a freed page.
    /// </summary>
    public bool GupPutsBeforeDirtying { get; init; }

    /// <summary>
    /// shrink_folio_list drops its isolation reference before trylock_page and takes it back
    /// after: eviction's or truncate's removal may free the page in between, and the trylock's
    /// test-and-set writes a freed page's flags.
    /// </summary>
    public bool ReclaimPutsBeforeTrylock { get; init; }

    /// <summary>
    /// After __remove_mapping froze the references (its own among them) and the page went back to
    /// the allocator, shrink_folio_list puts the page once more, a step later: folio_put on a
    /// freed page.
    /// </summary>
    public bool ReclaimPutsFreedPage { get; init; }
}
