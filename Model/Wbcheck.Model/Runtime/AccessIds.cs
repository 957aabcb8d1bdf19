namespace Wbcheck.Model.Runtime;

/// <summary>
/// The ids of the model's shared objects for <see cref="AccessLog"/>: a kind (7 bits), an owner
/// (the page frame, the inode number, the bio: 48 bits) and a field (8 bits). Ids are made from
/// numbers that are the same in every schedule reaching the same state (a page's frame number is
/// given by the allocator, whose every use is an access), never from addresses or hash codes.
/// Two objects sharing an id only make steps look dependent; never the other way round.
/// </summary>
public static class AccessIds
{
    /// <summary>What kind of object an id names.</summary>
    public enum Kind : ulong
    {
        /// <summary>A page's flag or field; owner: its frame number.</summary>
        Page = 1,

        /// <summary>A slot of a mapping's page tree; owner: inode number and index.</summary>
        TreeSlot,

        /// <summary>A mark of a mapping's page tree slot; owner: inode number and index; field: the mark's bit.</summary>
        TreeMarks,

        /// <summary>A mapping's page tree as a whole; owner: inode number; field: <see cref="TreeField"/>.</summary>
        Tree,

        /// <summary>A field of struct address_space; owner: inode number.</summary>
        Mapping,

        /// <summary>A field of struct inode; owner: inode number.</summary>
        Inode,

        /// <summary>A vmstat counter; field: which.</summary>
        Vmstat,

        /// <summary>A singleton subsystem's state (the device, timers, pdflush, ...); field: which.</summary>
        Subsystem,

        /// <summary>A bio; owner: its id.</summary>
        Bio,

        /// <summary>A page table and its ptes; owner: inode number.</summary>
        PageTable,

        /// <summary>A monitor's or scenario's own state; field: which.</summary>
        Checker,

        /// <summary>What the device holds for a page of a file; owner: inode number and index.</summary>
        DeviceBlock,
    }

    /// <summary>The fields of a page tree as a whole, each its own object.</summary>
    public enum TreeField
    {
        /// <summary>The count of entries (nrpages).</summary>
        Count,

        /// <summary>The index range the tree has room for, which lookups scan to.</summary>
        Size,
    }

    /// <summary>The singleton subsystems whose state is reported as one object each (coarse, but every access counts).</summary>
    public enum Subsystem
    {
        /// <summary>The block device: its sectors, bio numbering, requests in flight.</summary>
        Device = 1,

        /// <summary>jiffies and the armed timers.</summary>
        Timers,

        /// <summary>The pdflush pool.</summary>
        Pdflush,

        /// <summary>The dirty throttle: its sysctls, ratelimits and the tasks' dirtying.</summary>
        Throttle,

        /// <summary>Reclaim's own state (who is reclaiming).</summary>
        Vmscan,

        /// <summary>fs-writeback's dirty inode lists.</summary>
        FsWriteback,

        /// <summary>The kernel's inode table.</summary>
        Inodes,

        /// <summary>The page allocator's free frames and frame numbering.</summary>
        PageAlloc,

        /// <summary>filemap's deferred wake-ups.</summary>
        Filemap,

        /// <summary>The backing_dev_info.</summary>
        Bdi,

        /// <summary>The kernel observers' (monitors') state.</summary>
        Observers,

        /// <summary>A filesystem's own state.</summary>
        Filesystem,

        /// <summary>The page lists of the list era.</summary>
        PageLists,

        /// <summary>The LRU lists' order (lru_lock): the clock that gives a page its place on its LRU.</summary>
        Lru,
    }

    /// <summary>The id of a singleton subsystem's state.</summary>
    public static ulong Of(Subsystem subsystem) => Of(Kind.Subsystem, 0, (int)subsystem);

    /// <summary>The id of field <paramref name="field"/> of object <paramref name="owner"/> of kind <paramref name="kind"/>.</summary>
    public static ulong Of(Kind kind, long owner, int field = 0) =>
        ((ulong)kind << 56) | (((ulong)owner & 0xFFFF_FFFF_FFFFUL) << 8) | (uint)(byte)field;

    /// <summary>An owner made of an inode number and a page index (for tree slots): 20 bits of inode, 28 of index.</summary>
    public static long InodeIndex(long ino, long index) => (ino << 28) | (index & 0xFFF_FFFF);
}
