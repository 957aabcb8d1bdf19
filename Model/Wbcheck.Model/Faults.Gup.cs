namespace Wbcheck.Model;

/// <summary>Bugs of a get_user_pages caller.</summary>
public sealed partial record Faults
{
    /// <summary>
    /// The holder of a pinned page dirties it with set_page_dirty and no page lock, as
    /// __remove_mapping's comment has it ("write_to(page); SetPageDirty(page); put_page(page)")
    /// and put_user_pages_dirty did (5.2 to 5.3 [R]), where the model's eras' callers lock it
    /// (set_page_dirty_lock; unpin_user_pages_dirty_lock from 5.6): writeback's clear of PG_dirty
    /// may fall between the caller's flag and its DIRTY tag, and only reclaim's PG_dirty check
    /// after freezing the references keeps it from freeing the page.
    /// </summary>
    public bool GupDirtiesWithoutPageLock { get; init; }
}
