namespace Wbcheck.Model;

/// <summary>
/// Uses of a page through a reference already given up: each lets another thread free the page
/// before the use, which the use-after-free check of that use reports, naming who freed the page
/// and in which step (docs/eras.md section 107). The holders these faults break (gup's pin,
/// reclaim's isolation reference) record the page's generation while they hold the reference and
/// check the use against it, so a page the allocator has handed to another file since is reported
/// too, as reused (docs/eras.md section 110); a holder that records none is checked against the
/// page's current generation, which catches only a page still free.
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
