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
}
