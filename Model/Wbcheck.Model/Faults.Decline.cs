namespace Wbcheck.Model;

/// <summary>Bugs of a filesystem that declines background writeback, each to prove the check meant to catch it.</summary>
public sealed partial record Faults
{
    /// <summary>
    /// The model filesystem declines reclaim's write as gfs2_writepage_common and xfs_vm_writepage
    /// do (redirty, unlock the page and return 0), not as it otherwise does (AOP_WRITEPAGE_ACTIVATE,
    /// the page locked), and forgets the redirty_page_for_writepage that goes first: the page that
    /// clear_page_dirty_for_io cleaned is unlocked clean and unwritten, and pageout, told it was
    /// written, frees it. Its data is lost with no error and no dirty page left behind, so an
    /// fsync after it owes nothing (the page it knew is gone, as if truncated); only no silent
    /// clean, in the step between the unlock and reclaim's trylock, sees it. Background
    /// writeback's declines are unchanged.
    /// </summary>
    public bool DeclineForgetsRedirty { get; init; }
}
