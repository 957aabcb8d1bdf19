namespace Wbcheck.Model.Mm;

/// <summary>What shrink_folio_list did with one page.</summary>
public enum ReclaimResult : byte
{
    /// <summary>Freed: it left the page cache and its memory is gone.</summary>
    Freed,

    /// <summary>Kept: busy (locked, under writeback, dirty, referenced) or written back for later.</summary>
    Kept,

    /// <summary>Activated: the filesystem asked to keep it.</summary>
    Activated,
}
