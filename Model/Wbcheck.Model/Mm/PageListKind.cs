using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>The four page lists of a 2.5 address_space; a cached page is on exactly one.</summary>
[Models("include/linux/fs.h", "struct address_space (clean_pages, dirty_pages, locked_pages, io_pages)", "2.5.31")]
public enum PageListKind
{
    /// <summary>clean_pages: pages with nothing to write (a page is added here when it enters the cache).</summary>
    Clean,

    /// <summary>dirty_pages: set_page_dirty moves a page here, from any list, at any time.</summary>
    Dirty,

    /// <summary>locked_pages: pages writeback has taken, written or being written; fdatawait walks it.</summary>
    Locked,

    /// <summary>io_pages: what the current writeback is to write, spliced from dirty_pages by its caller.</summary>
    Io,
}
