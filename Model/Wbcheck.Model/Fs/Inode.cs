using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>struct inode, reduced to what writeback needs: a number, a size and a page cache.</summary>
[Models("include/linux/fs.h", "struct inode", "6.9")]
public sealed partial class Inode
{
    private long sizeField;
    private int blockBitsField = WritebackControl.PageShift;
    private string lockNameField = "i_rwsem";
    private InodeState stateField;
    private long dirtiedWhenField;
    private int countField = 1;
    private int nlinkField = 1;
    private bool freeingField;
    private bool evictedField;
    private (ModelThread? Thread, string? Function) evictedByField;

    // The step of the engine's trace that freed the inode, for the use-after-free report only.
    [NotState]
    private int? evictedAtStepField;
    private long versionClockField;

    // Made when first used: most eras and scenarios never touch them.
    private WaitQueue? sem;
    private WaitQueue? stateQueue;

    internal Inode(int ino, long sizePages, IAddressSpaceOperations operations)
    {
        Ino = ino;
        SizePages = sizePages;
        Mapping = new AddressSpace(this, operations);
    }

    public int Ino { get; }

    /// <summary>i_size, in bytes.</summary>
    public long Size
    {
        get
        {
            AccessLog.Read(AccessId(Field.Size));
            return sizeField;
        }

        set
        {
            AccessLog.Write(AccessId(Field.Size));
            sizeField = value;
        }
    }

    /// <summary>
    /// i_size in pages, rounded up: pages at or beyond it lie wholly past EOF. Setting it sets
    /// i_size to that many whole pages.
    /// </summary>
    public long SizePages
    {
        get => Page.PagesOf(Size);
        set => Size = value << WritebackControl.PageShift;
    }

    /// <summary>i_blkbits: log2 of the filesystem block size; a page is one block unless a filesystem says otherwise.</summary>
    public int BlockBits
    {
        get
        {
            AccessLog.Read(AccessId(Field.BlockBits));
            return blockBitsField;
        }

        set
        {
            AccessLog.Write(AccessId(Field.BlockBits));
            blockBitsField = value;
        }
    }

    /// <summary>
    /// The inode lock (i_sem, i_mutex, i_rwsem as the era named it, <see cref="LockName"/>) that
    /// write(2) and truncate hold in every era, and fsync too in the list era
    /// (<see cref="KernelEras.FsyncHoldsISem"/>). Its holder is the lock's state.
    /// </summary>
    public WaitQueue Sem => sem ??= new WaitQueue($"{LockName} of inode", Ino)
    {
        AccessId = AccessIds.Of(AccessIds.Kind.Inode, Ino, 64),
    };

    /// <summary>What the era called the inode lock; set by the kernel that creates the inode.</summary>
    public string LockName
    {
        get
        {
            AccessLog.Read(AccessId(Field.LockName));
            return lockNameField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.LockName));
            lockNameField = value;
        }
    }

    /// <summary>i_mapping.</summary>
    public AddressSpace Mapping { get; }

    /// <summary>i_state: dirty-pages and writeback-lock bits.</summary>
    public InodeState State
    {
        get
        {
            AccessLog.Read(AccessId(Field.State));
            return stateField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.State));
            stateField = value;
        }
    }

    /// <summary>
    /// dirtied_when: the jiffy the inode last went from clean to dirty (meaningful only while
    /// <see cref="InodeState.DirtyPages"/> is set). kupdate writes an inode back once this is
    /// older than the expire interval.
    /// </summary>
    public long DirtiedWhen
    {
        get
        {
            AccessLog.Read(AccessId(Field.DirtiedWhen));
            return dirtiedWhenField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.DirtiedWhen));
            dirtiedWhenField = value;
        }
    }

    /// <summary>Sleepers in __wait_on_inode, waiting for <see cref="InodeState.Lock"/> to clear.</summary>
    public WaitQueue StateQueue => stateQueue ??= new WaitQueue("I_LOCK of inode", Ino)
    {
        AccessId = AccessIds.Of(AccessIds.Kind.Inode, Ino, 65),
    };

    /// <summary>i_count: references to the inode (open files, igrab); the last iput evicts an unlinked inode.</summary>
    public int Count
    {
        get
        {
            AccessLog.Read(AccessId(Field.Count));
            return countField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Count));
            countField = value;
        }
    }

    /// <summary>i_nlink: names in the file system; 0 once unlinked.</summary>
    public int Nlink
    {
        get
        {
            AccessLog.Read(AccessId(Field.Nlink));
            return nlinkField;
        }

        set
        {
            AccessLog.Write(AccessId(Field.Nlink));
            nlinkField = value;
        }
    }

    /// <summary>I_FREEING: eviction has begun; igrab fails from then on.</summary>
    public bool Freeing
    {
        get
        {
            AccessLog.Read(AccessId(Field.Freeing));
            return freeingField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Freeing));
            freeingField = value;
        }
    }

    /// <summary>
    /// Eviction has truncated the page cache and cleared the inode (clear_inode): from here on
    /// its mapping must stay empty, whatever reclaim was doing with its pages meanwhile.
    /// </summary>
    public bool Evicted
    {
        get
        {
            AccessLog.Read(AccessId(Field.Evicted));
            return evictedField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Evicted));
            evictedField = value;
        }
    }

    /// <summary>
    /// Model bookkeeping: the thread (null in set-up) and the function that freed the inode
    /// (destroy_inode, at the end of <see cref="Vfs.Evict"/>), for the use-after-free report.
    /// </summary>
    public (ModelThread? Thread, string? Function) EvictedBy
    {
        get
        {
            AccessLog.Read(AccessId(Field.EvictedBy));
            return evictedByField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.EvictedBy));
            evictedByField = value;
        }
    }

    /// <summary>Model bookkeeping, not state: the engine's step in which the inode was freed (null in set-up or unnumbered runs).</summary>
    public int? EvictedAtStep
    {
        get => evictedAtStepField;
        internal set => evictedAtStepField = value;
    }

    /// <summary>The last data version any write to this file produced.</summary>
    public long VersionClock
    {
        get
        {
            AccessLog.Read(AccessId(Field.VersionClock));
            return versionClockField;
        }

        set
        {
            AccessLog.Write(AccessId(Field.VersionClock));
            versionClockField = value;
        }
    }

    public override string ToString() => $"inode {Ino}";

    private ulong AccessId(Field field) => AccessIds.Of(AccessIds.Kind.Inode, Ino, (int)field);

    /// <summary>The inode's fields, as AccessIds numbers them.</summary>
    private enum Field
    {
        Size,
        BlockBits,
        LockName,
        State,
        DirtiedWhen,
        Count,
        Nlink,
        Freeing,
        Evicted,
        VersionClock,
        Memcg,
        Wb,
        OnLru,
        Referenced,
        EvictedBy,
    }
}
