using Wbcheck.Model.Block;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Fs;

/// <summary>
/// The public filesystem contract: every operation a filesystem gives writeback, as the kernel
/// calls it, with the rules the kernel holds the filesystem to. A filesystem model implements
/// <see cref="IAddressSpaceOperations.Writepage"/> (and <see cref="IAddressSpaceOperations.Writepages"/>
/// when <see cref="IAddressSpaceOperations.HasWritepages"/>) and may keep the generic
/// implementations of the rest. The model's own filesystems and the checks of
/// <c>Wbcheck.Properties.Filesystems</c> reach a filesystem through this interface only.
/// docs/contract.md is the reference, rule by rule.
/// </summary>
/// <remarks>
/// Rules every operation keeps (the checks enforce them):
/// <list type="bullet">
/// <item>-&gt;writepage is called with the page locked, PG_dirty already cleared by
/// clear_page_dirty_for_io, and not under writeback. It either starts writeback on the page
/// (<see cref="PageWriteback.FolioStartWriteback"/>) and unlocks it, or declines it: then it
/// redirties it (<see cref="PageWriteback.FolioRedirtyForWritepage"/>) and unlocks it, or, from
/// reclaim only, returns <see cref="Errno.AOP_WRITEPAGE_ACTIVATE"/> with the page still locked.
/// A page wholly past EOF is unlocked and left clean: truncate is removing it.</item>
/// <item>-&gt;writepages may hold pages under writeback in an I/O it has not submitted while it
/// locks later pages of the same pass, in ascending index order; it must submit that I/O before
/// it returns, and never take the lock of a page below one it holds unsubmitted (a range_cyclic
/// pass that wraps does so only after submitting: the 4.20 deadlock).</item>
/// <item>bi_end_io runs in interrupt context: it cannot sleep or take a page lock; it ends
/// writeback on every page of the bio and records an error on the mapping.</item>
/// </list>
/// </remarks>
[Models("include/linux/fs.h", "struct address_space_operations", "6.9")]
[Models("include/linux/fs.h", "struct file_operations (fsync)", "6.9")]
[Models("include/linux/fs.h", "struct super_operations (evict_inode)", "6.9")]
[Models("include/linux/mm.h", "struct vm_operations_struct (page_mkwrite)", "6.9")]
public interface IWritebackFilesystem : IAddressSpaceOperations, IVmOperations
{
    /// <summary>The kernel this filesystem is mounted in.</summary>
    Kernel Kernel { get; }

    /// <summary>
    /// get_block: the disk block of page <paramref name="index"/> of <paramref name="inode"/>;
    /// with <paramref name="create"/>, allocate it if it has none (delayed allocation does so
    /// only from writeback); without, -1 for a hole. Called with the page locked; it may sleep
    /// but must not lock another page of the file. The generic mapping gives each page its own
    /// block (its index).
    /// </summary>
    [Models("include/linux/fs.h", "get_block_t", "6.9")]
    ValueTask<long> GetBlock(Inode inode, long index, bool create) => ValueTask.FromResult(index);

    /// <summary>
    /// bi_end_io of the filesystem's write bios, with 0 or the negative error. Interrupt
    /// context: no sleeping, no page lock. It must end writeback on every page of
    /// <paramref name="bio"/> and, on an error, mark the page and the mapping
    /// (mapping_set_error) so that fsync reports it. The generic one is mpage's.
    /// </summary>
    [Models("fs/mpage.c", "mpage_write_end_io", "6.9")]
    void EndIo(Bio bio, int status) => WritebackHelpers.EndBioWrite(Kernel, bio, status);

    /// <summary>
    /// dirty_folio (set_page_dirty before 5.18): mark <paramref name="page"/> dirty, account
    /// it and tag it DIRTY in <paramref name="mapping"/>; true when it was clean. Called with
    /// the page locked, or from the fault path holding a reference that keeps it in the
    /// mapping; truncate may still remove it, which the generic one re-checks under the tree lock.
    /// </summary>
    [Models("mm/page-writeback.c", "filemap_dirty_folio", "6.9")]
    ValueTask<bool> DirtyFolio(AddressSpace mapping, Page page) => Kernel.PageWriteback.FilemapDirtyFolio(mapping, page);

    /// <summary>
    /// Whether the filesystem has a page_mkwrite: the generic one is generic_file_vm_ops',
    /// which had none before filemap_page_mkwrite (3.x); before it the write fault dirtied the
    /// page itself.
    /// </summary>
    bool IVmOperations.HasPageMkwrite => Kernel.Era.HasFilemapPageMkwrite();

    /// <summary>
    /// page_mkwrite: a write fault on a shared mapping of a clean page. Returns
    /// <see cref="VmFault.Locked"/> with the page locked and dirty, so writeback cannot clean it
    /// before the store lands; <see cref="VmFault.NoPage"/>, with the page unlocked, when
    /// truncate took the page away (the fault is retried). Where the device needs stable pages
    /// it waits for writeback first. A delayed-allocation filesystem reserves the block here.
    /// The generic one marks the page dirty here, so that writeback during a freeze sees it and
    /// write-protects it again.
    /// </summary>
    ValueTask<int> IVmOperations.PageMkwrite(PageTable vma, Page page) => WritebackHelpers.FilemapPageMkwrite(Kernel, vma, page);

    /// <summary>
    /// launder_folio: write a dirty locked page synchronously before invalidate_inode_pages2
    /// drops it, and return with the page still locked. Optional: without it (the generic one
    /// returns 0 and does nothing) the invalidation fails with -EBUSY on a dirty page.
    /// </summary>
    [Models("mm/truncate.c", "folio_launder", "6.9")]
    ValueTask<int> LaunderFolio(Page page) => ValueTask.FromResult(0);

    /// <summary>
    /// fsync: write and wait for the range, then report every writeback error of the mapping
    /// not yet reported to <paramref name="file"/> (errseq). Called without the inode lock
    /// since 2.6.35: it must take what it needs itself.
    /// </summary>
    [Models("fs/libfs.c", "generic_file_fsync", "6.9")]
    ValueTask<int> Fsync(OpenFile file, long start, long end) => Kernel.Filemap.FileWriteAndWaitRange(file, start, end);

    /// <summary>
    /// evict_inode: the last reference is gone and no new page can be dirtied. It must wait for
    /// every page under writeback and drop every page of the mapping (truncate_inode_pages_final);
    /// an I/O it still holds unsubmitted would make that wait forever.
    /// </summary>
    [Models("mm/truncate.c", "truncate_inode_pages_final", "6.9")]
    ValueTask EvictInode(Inode inode) => Kernel.Truncate.TruncateInodePagesRange(inode.Mapping, 0, -1);
}
