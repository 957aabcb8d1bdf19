namespace Wbcheck.Model;

/// <summary>Bugs of a filesystem that allocates under its own lock.</summary>
public sealed partial record Faults
{
    /// <summary>
    /// The filesystem of <see cref="Fs.SimpleFsOptions.JournalledWriteBegin"/> forgets that it
    /// holds its journal handle when it allocates the page: it passes GFP_KERNEL (no
    /// AOP_FLAG_NOFS before 4.12, no memalloc_nofs_save from 4.12), so the allocation's direct
    /// reclaim may call the filesystem's -&gt;writepage, which starts a handle of its own.
    /// </summary>
    public bool FsAllocatesWithGfpKernel { get; init; }

    /// <summary>
    /// The -&gt;releasepage of <see cref="Fs.SimpleFsOptions.JournalReleasepage"/> ignores its gfp
    /// mask: it forces the journal's commit and waits for it even without __GFP_FS, so a reclaim
    /// for an allocation made under the task's own handle waits for the commit, which waits for
    /// that handle (jbd's journal_try_to_free_buffers without its "(gfp_mask &amp; __GFP_WAIT) &amp;&amp;
    /// (gfp_mask &amp; __GFP_FS)" test).
    /// </summary>
    public bool ReleasepageIgnoresGfpFs { get; init; }
}
