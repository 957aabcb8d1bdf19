namespace Wbcheck.Model;

/// <summary>Bugs of do_writepages' -ENOMEM handling and of a filesystem's -ENOMEM path, each to prove the check meant to catch it.</summary>
public sealed partial record Faults
{
    /// <summary>
    /// do_writepages takes an -ENOMEM from a data-integrity -&gt;writepages for success and returns
    /// 0, neither retrying (4.12 on) nor passing the error up (before): fsync reports success
    /// over a page the filesystem could not write.
    /// </summary>
    public bool DoWritepagesDropsEnomem { get; init; }

    /// <summary>
    /// The model filesystem, failing a page with a transient -ENOMEM, unlocks it without
    /// redirtying it: clear_page_dirty_for_io cleaned it, nothing wrote it, nothing will.
    /// </summary>
    public bool SimpleFsForgetsRedirtyOnEnomem { get; init; }
}
