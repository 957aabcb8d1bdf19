using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Locking;

namespace Wbcheck.Model.Mm;

/// <summary>
/// struct vm_operations_struct, the part writeback meets: the filesystem's -&gt;page_mkwrite, told
/// that a read-only page of a shared mapping is about to become writable, and what its -&gt;fault
/// adds around filemap_fault.
/// </summary>
[Models("include/linux/mm.h", "struct vm_operations_struct", "6.9")]
public interface IVmOperations
{
    /// <summary>Whether the vm_ops have a -&gt;page_mkwrite at all (generic_file_vm_ops had none before filemap_page_mkwrite, 3.x).</summary>
    bool HasPageMkwrite { get; }

    /// <summary>
    /// -&gt;page_mkwrite: prepare <paramref name="page"/> for writing through <paramref name="vma"/>.
    /// Returns a <see cref="VmFault"/> code: <see cref="VmFault.Locked"/> with the page locked
    /// (from 2.6.30), 0 with it unlocked (before), <see cref="VmFault.NoPage"/> when truncate
    /// took the page away (the fault retries the access from 2.6.30; before, this failure,
    /// block_page_mkwrite's -EINVAL, was SIGBUS: <see cref="PageTableEras.PageMkwriteCanRetry"/>),
    /// or <see cref="VmFault.SigBus"/> when the page cannot be made writable (-ENOSPC, -EIO).
    /// </summary>
    ValueTask<int> PageMkwrite(PageTable vma, Page page);

    /// <summary>
    /// The lock the filesystem's -&gt;fault holds shared around filemap_fault, if it wraps it in one
    /// (ext4_filemap_fault's i_mmap_sem, 4.5 to 5.14: <see cref="SimpleFsOptions.Ext4MmapSem"/>);
    /// null for filemap_fault itself, the generic -&gt;fault.
    /// </summary>
    RwSemaphore? FaultLock(Inode inode) => null;
}
