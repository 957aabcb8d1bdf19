using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Locking;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

public sealed partial class SimpleFs
{
    private Dictionary<int, RwSemaphore>? mmapSems;

    /// <summary>
    /// fallocate(FALLOC_FL_PUNCH_HOLE) of the whole pages <paramref name="first"/>..<paramref name="last"/>,
    /// i_size unchanged: under the inode lock, the page cache of the range goes
    /// (truncate_pagecache_range), then the blocks under it are freed, so the range reads as
    /// zeros. Between the two a fault may read a page back in from the blocks about to be freed,
    /// and it stays in the cache over the hole with their old data, unless the lock that keeps
    /// faults from reading in is held from before the truncation until the blocks are gone:
    /// the era's <see cref="PunchLock"/>, none before 4.5. Before 4.5 ext4 truncated the range
    /// again once the blocks were gone (<see cref="TruncateEras.PunchTruncatesAgain"/>): the
    /// stale page then lives from the blocks' removal to that second truncation, not after.
    /// </summary>
    [Models("fs/ext4/inode.c", "ext4_punch_hole (filemap_invalidate_lock, truncate_pagecache_range, ext4_ext_remove_space)", "6.9")]
    [Models("fs/ext4/inode.c", "ext4_punch_hole (down_write i_mmap_sem)", "4.5")]
    [Models("fs/ext4/inode.c", "ext4_punch_hole (truncate_pagecache_range, remove the blocks, truncate_pagecache_range again)", "3.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask PunchHole(Inode inode, long first, long last)
    {
        var punchLock = await PunchLockDown(inode, first);
        await kernel.Truncate.TruncatePagecacheRange(inode.Mapping, first, last);
        await RemoveSpace(inode, first, last);
        if (Options.Ext4MmapSem && kernel.Era.PunchTruncatesAgain())
        {
            // "release the pages again to reduce race window": a page read in meanwhile goes.
            await kernel.Truncate.TruncatePagecacheRange(inode.Mapping, first, last);
        }

        PunchUnlock(inode, punchLock);
    }

    /// <summary>
    /// A hole punch's locks, taken before it truncates the page cache of the range: the inode
    /// lock, then the era's <see cref="PunchLock"/> exclusive (not taken under
    /// <see cref="Faults.PunchSkipsInvalidateLock"/>). The observers are told whether the era's
    /// filesystem has such a lock at all: without one (before ea3d7209ca01, 4.5, for ext4;
    /// before 730633f0b7f9, 5.15, for a filesystem with none of its own) a fault may read a page
    /// of the range back in while the punch runs, and the kernel promised nothing against it
    /// (<see cref="Invariants.TruncateMonitor"/>). Returns the lock taken, for <see cref="PunchUnlock"/>.
    /// </summary>
    [Models("fs/ext4/inode.c", "ext4_punch_hole (inode_lock, then filemap_invalidate_lock)", "6.9")]
    [Models("fs/ext4/inode.c", "ext4_punch_hole (mutex_lock i_mutex, then down_write i_mmap_sem)", "4.5")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<RwSemaphore?> PunchLockDown(Inode inode, long first)
    {
        await kernel.Vfs.InodeLock(inode);
        var eraLock = PunchLock(inode);
        foreach (var observer in kernel.Observers)
        {
            observer.PunchStarted(inode.Mapping, faultsKeptOut: eraLock is not null);
        }

        var punchLock = kernel.Faults.PunchSkipsInvalidateLock ? null : eraLock;
        if (punchLock is not null)
        {
            await punchLock.DownWrite(kernel.Runtime, new StepLabel(punchLock.Name, first));
        }

        return punchLock;
    }

    /// <summary>The end of a hole punch: the lock <see cref="PunchLockDown"/> took, then the inode lock.</summary>
    [Models("fs/ext4/inode.c", "ext4_punch_hole (filemap_invalidate_unlock, inode_unlock)", "6.9")]
    public void PunchUnlock(Inode inode, RwSemaphore? punchLock)
    {
        punchLock?.UpWrite(kernel.Runtime);
        foreach (var observer in kernel.Observers)
        {
            observer.PunchEnded(inode.Mapping);
        }

        kernel.Vfs.InodeUnlock(inode);
    }

    /// <summary>
    /// The lock a fault that reads pages in holds shared and a punch exclusive, in the era: the
    /// mapping's invalidate_lock from 5.15 (<see cref="TruncateEras.HasInvalidateLock"/>), ext4's
    /// i_mmap_sem from 4.5 for a filesystem of that kind (<see cref="SimpleFsOptions.Ext4MmapSem"/>),
    /// none otherwise. The fault takes it through <see cref="IVmOperations.FaultLock"/> and
    /// filemap_fault.
    /// </summary>
    private RwSemaphore? PunchLock(Inode inode) =>
        kernel.Era.HasInvalidateLock() ? inode.Mapping.InvalidateLock : MmapSem(inode);

    /// <summary>
    /// ext4_filemap_fault's lock (4.5 to 5.14): ext4's i_mmap_sem, held shared around
    /// filemap_fault, where the era and the filesystem have one.
    /// </summary>
    [Models("fs/ext4/inode.c", "ext4_filemap_fault (down_read i_mmap_sem around filemap_fault)", "4.5")]
    public RwSemaphore? FaultLock(Inode inode) => MmapSem(inode);

    /// <summary>EXT4_I(inode)-&gt;i_mmap_sem, where the era's ext4 has one and this filesystem is of its kind.</summary>
    [Models("fs/ext4/ext4.h", "struct ext4_inode_info (i_mmap_sem)", "4.5")]
    private RwSemaphore? MmapSem(Inode inode)
    {
        if (!Options.Ext4MmapSem || !kernel.Era.HasExt4MmapSem())
        {
            return null;
        }

        mmapSems ??= [];
        if (!mmapSems.TryGetValue(inode.Ino, out var sem))
        {
            sem = new RwSemaphore($"i_mmap_sem of inode {inode.Ino}");
            mmapSems.Add(inode.Ino, sem);
        }

        return sem;
    }

    /// <summary>
    /// Free the blocks of pages <paramref name="first"/>..<paramref name="last"/>: the range
    /// becomes a hole, which a read fills with zeros (the model's version 0). A journal handle is
    /// started first, and the extent tree's lock taken: a point where the punch may sleep, with
    /// the page cache of the range already truncated.
    /// </summary>
    [Models("fs/ext4/inode.c", "ext4_punch_hole (ext4_journal_start, then ext4_ext_remove_space under i_data_sem)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask RemoveSpace(Inode inode, long first, long last)
    {
        await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel("ext4_ext_remove_space", first));
        foreach (var observer in kernel.Observers)
        {
            observer.BlocksFreeing(inode, first, last);
        }

        for (var index = first; index <= last; index++)
        {
            kernel.Device.SetStableVersion(inode, index, 0);
        }
    }
}
