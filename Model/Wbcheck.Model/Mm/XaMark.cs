namespace Wbcheck.Model.Mm;

/// <summary>The page-cache tags (PAGECACHE_TAG_*), marks on entries of the page tree.</summary>
[Flags]
public enum XaMark : byte
{
    None = 0,

    /// <summary>PAGECACHE_TAG_DIRTY: the page is dirty, or was until the writeback started.</summary>
    Dirty = 1,

    /// <summary>PAGECACHE_TAG_WRITEBACK: the page is under writeback.</summary>
    Writeback = 2,

    /// <summary>PAGECACHE_TAG_TOWRITE: tagged by tag_pages_for_writeback for this integrity pass.</summary>
    Towrite = 4,
}
