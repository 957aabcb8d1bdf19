namespace Wbcheck.Model.Mm;

/// <summary>What shrink_folio_list did with one page.</summary>
public enum ReclaimResult : byte
{
    /// <summary>Freed: it left the page cache and its memory is gone.</summary>
    Freed,

    /// <summary>Kept: busy (locked, under writeback or dirty before 4.11) or written back for later.</summary>
    Kept,

    /// <summary>
    /// Activated: back to the active list, because a pte referenced it, the filesystem asked to
    /// keep it, or (from 4.11) it is under writeback or dirty for the flusher.
    /// </summary>
    Activated,

    /// <summary>
    /// Not isolated: a reclaimer that may not write passed over a dirty page or one under
    /// writeback (ISOLATE_CLEAN, 3.2 to 4.10); it stays on the LRU untouched.
    /// </summary>
    NotIsolated,
}
