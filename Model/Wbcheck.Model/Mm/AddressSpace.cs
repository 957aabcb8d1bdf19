using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Lib;
using Wbcheck.Model.Locking;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// struct address_space: a file's page cache. Its page tree and tags are protected by the tree
/// lock (mapping-&gt;tree_lock, now the xa_lock), a spinlock: model code touches them only inside
/// <see cref="Filemap.XaLock"/> / <see cref="Filemap.XaUnlock"/>.
/// </summary>
[Models("include/linux/fs.h", "struct address_space", "6.9")]
public sealed class AddressSpace(Inode host, IAddressSpaceOperations operations)
{
    private IAddressSpaceOperations operationsField = operations;
    private bool gfpHighmemField = true;
    private PageTable? iMmapField;
    private long writebackIndexField;
    private RwSemaphore? invalidateLock;
    private AddressSpaceFlags flagsField;
    private ErrSeq wbErrField;
    private long truncateCountField;

    private string? treeLockName;
    private PageLists? lists;

    public Inode Host { get; } = host;

    /// <summary>a_ops: the filesystem's writepage/writepages.</summary>
    public IAddressSpaceOperations Operations
    {
        get
        {
            AccessLog.Read(AccessId(Field.Operations));
            return operationsField;
        }

        set
        {
            AccessLog.Write(AccessId(Field.Operations));
            operationsField = value;
        }
    }

    /// <summary>i_pages: the page tree.</summary>
    public PageTree Pages { get; } = new(host.Ino);

    /// <summary>
    /// clean_pages, dirty_pages, locked_pages and io_pages: where each page sits in the list era
    /// (<see cref="KernelEras.HasPageLists"/>); empty and unused in the eras of page-tree tags.
    /// </summary>
    public PageLists Lists => lists ??= new(Host.Ino);

    /// <summary>nrpages: how many pages the file has in the page cache.</summary>
    public int NrPages => Pages.Count;

    /// <summary>
    /// i_pages' value entries: the shadows reclaim leaves where it took a page
    /// (workingset_eviction, through __remove_mapping), which a new page at the index replaces
    /// and truncation and invalidation clear. The model keeps them only in the eras where
    /// something reads them, mapping_shrinkable and mapping_empty from 5.16
    /// (<see cref="ShrinkerEras.ReclaimLeavesShadowEntries"/>); the refault distance a shadow
    /// encodes is not modelled.
    /// </summary>
    private readonly SortedSet<long> shadows = [];

    /// <summary>mapping_empty: neither a page nor a shadow in i_pages (xa_empty).</summary>
    [Models("include/linux/pagemap.h", "mapping_empty", "6.9")]
    public bool MappingEmpty => NrPages == 0 && ShadowCount == 0;

    /// <summary>How many shadows i_pages holds.</summary>
    public int ShadowCount
    {
        get
        {
            AccessLog.Read(AccessId(Field.Shadows));
            return shadows.Count;
        }
    }

    /// <summary>
    /// The only entry left in i_pages is a shadow at index 0: the xarray keeps a lone index-0
    /// entry in its head pointer, not in a node (xas_shrink), so it is on no list of the
    /// shadow nodes' shrinker (mapping_shrinkable's second test).
    /// </summary>
    public bool OnlyShadowAtIndexZero => NrPages == 0 && ShadowCount == 1 && shadows.Min == 0;

    /// <summary>Leave a shadow where reclaim took the page at <paramref name="index"/> (the caller holds the tree lock).</summary>
    internal void StoreShadow(long index)
    {
        AccessLog.Write(AccessId(Field.Shadows));
        shadows.Add(index);
    }

    /// <summary>A page stored at <paramref name="index"/> replaces the shadow there, if any.</summary>
    internal void ReplaceShadow(long index)
    {
        if (ShadowCount > 0 && shadows.Remove(index))
        {
            AccessLog.Write(AccessId(Field.Shadows));
        }
    }

    /// <summary>Clear the shadows of [<paramref name="first"/>, <paramref name="last"/>]; whether there were any.</summary>
    internal bool ClearShadows(long first, long last)
    {
        if (ShadowCount == 0 || shadows.RemoveWhere(index => index >= first && index <= last) == 0)
        {
            return false;
        }

        AccessLog.Write(AccessId(Field.Shadows));
        return true;
    }

    /// <summary>mapping_tagged: some page of the file carries <paramref name="mark"/>, whatever its index.</summary>
    [Models("mm/page-writeback.c", "mapping_tagged", "2.6.20", Fingerprint = "dd0867c21340ce76")]
    [Models("include/linux/fs.h", "mapping_tagged", "6.9")]
    public bool MappingTagged(XaMark mark) => Pages.FindNext(0, long.MaxValue, mark) >= 0;

    /// <summary>
    /// __GFP_HIGHMEM in mapping_gfp_mask: the file's pages may live in high memory (regular
    /// files). Without it (block devices, some metadata) only low memory counts for its dirty
    /// limits.
    /// </summary>
    public bool GfpHighmem
    {
        get
        {
            AccessLog.Read(AccessId(Field.GfpHighmem));
            return gfpHighmemField;
        }

        set
        {
            AccessLog.Write(AccessId(Field.GfpHighmem));
            gfpHighmemField = value;
        }
    }

    /// <summary>i_mmap: the file's shared mapping and its ptes (the model keeps one vma a file); null while unmapped.</summary>
    public PageTable? IMmap
    {
        get
        {
            AccessLog.Read(AccessId(Field.IMmap));
            return iMmapField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.IMmap));
            iMmapField = value;
        }
    }

    /// <summary>writeback_index: where range_cyclic writeback starts next time.</summary>
    public long WritebackIndex
    {
        get
        {
            AccessLog.Read(AccessId(Field.WritebackIndex));
            return writebackIndexField;
        }

        set
        {
            AccessLog.Write(AccessId(Field.WritebackIndex));
            writebackIndexField = value;
        }
    }

    /// <summary>AS_EIO / AS_ENOSPC.</summary>
    public AddressSpaceFlags Flags
    {
        get
        {
            AccessLog.Read(AccessId(Field.Flags));
            return flagsField;
        }

        set
        {
            AccessLog.Write(AccessId(Field.Flags));
            flagsField = value;
        }
    }

    /// <summary>wb_err: the errseq_t that fsync callers sample and check.</summary>
    public ErrSeq WbErr
    {
        get
        {
            AccessLog.Read(AccessId(Field.WbErr));
            return wbErrField;
        }

        set
        {
            AccessLog.Write(AccessId(Field.WbErr));
            wbErrField = value;
        }
    }

    /// <summary>
    /// truncate_count: bumped by every unmap_mapping_range, so that a fault that does not hold the
    /// page lock (before 2.6.23) sees, under the pte lock, that truncate unmapped the file since
    /// it looked the page up, and looks again (<see cref="PageTableEras.FaultRechecksTruncateCount"/>).
    /// </summary>
    public long TruncateCount
    {
        get
        {
            AccessLog.Read(AccessId(Field.TruncateCount));
            return truncateCountField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.TruncateCount));
            truncateCountField = value;
        }
    }

    /// <summary>
    /// invalidate_lock: held shared by the paths that add pages to the page cache from the disk
    /// (filemap_fault reading a page in) and exclusive by a filesystem that removes pages and then
    /// the blocks under them (hole punching), so no page is read back in from blocks about to be
    /// freed: 730633f0b7f9 ("mm: Protect operations adding pages to page cache with
    /// invalidate_lock", Jan Kara, 5.15; <see cref="TruncateEras.HasInvalidateLock"/>). Made on
    /// first use, as it has nothing to record until someone takes it.
    /// </summary>
    [Models("include/linux/fs.h", "struct address_space (invalidate_lock)", "6.9")]
    public RwSemaphore InvalidateLock => invalidateLock ??= new($"invalidate_lock of inode {Host.Ino}");

    /// <summary>The spinlock's name, for "sleeping while atomic" reports (written once: every xa_lock passes it).</summary>
    public string TreeLockName => treeLockName ??= $"tree_lock of inode {Host.Ino}";

    public override string ToString() => $"mapping of inode {Host.Ino}";

    private ulong AccessId(Field field) => AccessIds.Of(AccessIds.Kind.Mapping, Host.Ino, (int)field);

    /// <summary>The mapping's fields, as AccessIds numbers them.</summary>
    private enum Field
    {
        Operations,
        GfpHighmem,
        IMmap,
        WritebackIndex,
        Flags,
        WbErr,
        TruncateCount,
        Shadows,
    }
}
