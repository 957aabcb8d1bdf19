using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// fs/inode.c, the part writeback meets: taking and dropping inode references. Dropping the last
/// reference to an unlinked inode evicts it, and eviction truncates its whole page cache, which
/// waits for every page lock and every writeback of the file.
/// </summary>
public sealed partial class Vfs(Kernel kernel)
{
    /// <summary>
    /// Take the inode lock for writing: down(&amp;inode-&gt;i_sem) in 2.5 and 2.6.0-2.6.15,
    /// mutex_lock(&amp;inode-&gt;i_mutex) until 4.4, inode_lock (down_write of i_rwsem) since.
    /// Sleep until it is free, then hold it.
    /// </summary>
    [Models("fs/buffer.c", "sys_fsync (down(&inode->i_sem))", "2.5.31")]
    [Models("include/linux/fs.h", "inode_lock", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask InodeLock(Inode inode)
    {
        var label = new StepLabel(kernel.Names.InodeLock, inode.Ino);
        await kernel.Runtime.Schedule(PointKind.Lock, label);
        while (inode.Sem.Holder is not null)
        {
            await kernel.Runtime.Sleep(inode.Sem, label);
        }

        inode.Sem.Holder = kernel.Runtime.Current;
    }

    /// <summary>up(&amp;inode-&gt;i_sem) / mutex_unlock(&amp;inode-&gt;i_mutex) / inode_unlock.</summary>
    [Models("fs/buffer.c", "sys_fsync (up(&inode->i_sem))", "2.5.31")]
    [Models("include/linux/fs.h", "inode_unlock", "6.9")]
    public void InodeUnlock(Inode inode)
    {
        Diagnostics.Bug.On(inode.Sem.Holder != kernel.Runtime.Current, "up", $"{inode.Sem.Name} is not held by {kernel.Runtime.Current}");
        inode.Sem.Holder = null;
        kernel.Runtime.WakeAll(inode.Sem);
    }

    /// <summary>Take a reference, unless the inode is already being freed.</summary>
    [Models("fs/inode.c", "igrab", "2.6.35")]
    public bool Igrab(Inode inode)
    {
        if (inode.Freeing)
        {
            return false;
        }

        inode.Count++;
        foreach (var observer in kernel.Observers)
        {
            observer.InodeReferenceChanged(inode, taken: true);
        }

        return true;
    }

    /// <summary>Drop a reference; the last one of an unlinked inode evicts it, in this thread.</summary>
    [Models("fs/inode.c", "iput", "2.6.35")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask Iput(Inode inode)
    {
        await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel("iput", inode.Ino));
        foreach (var observer in kernel.Observers)
        {
            observer.InodeReferenceChanged(inode, taken: false);
        }

        if (--inode.Count > 0)
        {
            return;
        }

        await IputFinal(inode);
    }

    /// <summary>
    /// The final iput: an unlinked inode is evicted. This takes locks a caller deep in page
    /// reclaim may hold, and waits for every page of the file.
    /// </summary>
    [Models("fs/inode.c", "iput_final", "2.6.35")]
    [Models("fs/inode.c", "iput_final (!drop && MS_ACTIVE: i_state |= I_REFERENCED; inode_add_lru)", "3.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask IputFinal(Inode inode)
    {
        if (inode.Nlink > 0)
        {
            CacheUnusedInode(inode);
            return; // stays cached; the shrinker evicts it later
        }

        inode.Freeing = true;
        await Evict(inode);
    }

    /// <summary>
    /// Evict an inode marked I_FREEING: the filesystem's -&gt;evict_inode (2.6.36 on; before, the
    /// truncate_inode_pages and -&gt;clear_inode / -&gt;delete_inode of iput_final and dispose_list),
    /// which ends in truncate_inode_pages_final, then clear_inode and destroy_inode. From the final
    /// iput of an unlinked inode, or from the inode cache's shrinker (<see cref="PruneIcache"/>).
    /// </summary>
    [Models("fs/inode.c", "evict", "6.9")]
    [Models("fs/inode.c", "dispose_list (truncate_inode_pages, clear_inode)", "2.6.20")]
    [Models("fs/inode.c", "destroy_inode", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask Evict(Inode inode)
    {
        if (kernel.Faults.EvictSkipsBusyPages)
        {
            await InvalidateIdlePages(inode.Mapping);
        }
        else if (inode.Mapping.Operations is IWritebackFilesystem fs)
        {
            // evict() hands the inode to the filesystem's ->evict_inode, which ends in truncate_inode_pages_final.
            await fs.EvictInode(inode);
        }
        else
        {
            await kernel.Truncate.TruncateInodePagesRange(inode.Mapping, 0, -1);
        }

        // clear_inode: its BUG_ON(inode->i_data.nrpages) (recalled) states what the truncate guarantees.
        inode.Evicted = true;

        // destroy_inode: __destroy_inode drops the inode's wb reference (cgroup writeback, 4.2).
        kernel.Throttle.InodeDetachWb(inode);
    }

    /// <summary>
    /// The fault <see cref="Faults.EvictSkipsBusyPages"/>: eviction drops only the pages it can
    /// lock without waiting, as invalidate_mapping_pages does, instead of truncating them all; a
    /// page reclaim holds locked at that moment stays in the mapping of a freed inode.
    /// </summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask InvalidateIdlePages(Mm.AddressSpace mapping)
    {
        var filemap = kernel.Filemap;
        foreach (var page in kernel.CachedPages().Where(p => p.Mapping == mapping).ToList())
        {
            Mm.Filemap.FolioGet(page); // the lookup's reference
            if (await filemap.FolioTrylock(page))
            {
                if (page.Mapping == mapping && !page.Writeback)
                {
                    kernel.PageWriteback.FolioCancelDirty(page);
                    await filemap.FilemapRemoveFolio(page);
                }

                filemap.FolioUnlock(page);
            }

            filemap.FolioPut(page);
        }
    }
}
