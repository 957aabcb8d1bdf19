namespace Wbcheck.Conformance.Cases;

/// <summary>What the filesystem's -&gt;writepage does with a page (the shim's enum shim_fs_action, same order).</summary>
public enum FsAction
{
    /// <summary>Start writeback, unlock; the I/O completes later, when someone waits for it.</summary>
    WriteAsync,

    /// <summary>Start writeback, unlock, and the I/O completes at once.</summary>
    WriteSync,

    /// <summary>Decline: redirty_page_for_writepage, unlock, return 0.</summary>
    Redirty,

    /// <summary>Redirty and return AOP_WRITEPAGE_ACTIVATE with the page still locked (as shmem does).</summary>
    Activate,

    /// <summary>Set PG_error, unlock, return -EIO.</summary>
    Eio,

    /// <summary>Set PG_error, unlock, return -ENOSPC.</summary>
    Enospc,
}
