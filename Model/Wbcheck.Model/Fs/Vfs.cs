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

    /// <summary>
    /// Take a reference on an inode the caller has seen is not being freed (__iget). The
    /// flusher's walk before 3.5 did so under inode_lock / i_lock with
    /// "BUG_ON(inode-&gt;i_state &amp; I_FREEING)" first [V: 2.6.36 writeback_sb_inodes, per the
    /// review of docs/eras.md section 116]: <paramref name="function"/> names the caller.
    /// </summary>
    [Models("fs/inode.c", "__iget", "2.6.36")]
    [Models("fs/fs-writeback.c", "writeback_sb_inodes (BUG_ON(inode->i_state & I_FREEING); __iget(inode))", "2.6.36")]
    public void Iget(Inode inode, string function)
    {
        Diagnostics.Bug.On(inode.Freeing, function, $"{inode} is I_FREEING: no reference may be taken");
        inode.Count++;
        foreach (var observer in kernel.Observers)
        {
            observer.InodeReferenceChanged(inode, taken: true);
        }
    }

    /// <summary>Drop a reference; the last one of an unlinked inode evicts it, in this thread.</summary>
    [Models("fs/inode.c", "iput", "2.6.35")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask Iput(Inode inode)
    {
        await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel("iput", inode.Ino));
        await IputInStep(inode);
    }

    /// <summary>
    /// Drop a reference within the caller's step: <see cref="Iput"/> without a scheduling point of
    /// its own. The flusher's walk before 3.5 drops its __iget so ("spin_unlock(&amp;inode_lock);
    /// iput(inode); cond_resched();", 2.6.20 sync_sb_inodes [R]); the walk's own steps around it
    /// are the preemption points, so that the eras' walks explore the schedules they did. The
    /// last reference of an unlinked inode still evicts it, in the flusher.
    /// </summary>
    [Models("fs/fs-writeback.c", "sync_sb_inodes (iput(inode) after __writeback_single_inode)", "2.6.20")]
    [Models("fs/fs-writeback.c", "writeback_sb_inodes (iput(inode) after writeback_single_inode)", "2.6.36")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask IputInStep(Inode inode)
    {
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
    /// Evict an inode marked I_FREEING: from 3.5 (the model's 3.19) first wait until no flusher
    /// writes it (I_SYNC: the flusher holds no inode reference then, <see cref="EvictEras.FlusherPinsInodeWithISync"/>),
    /// then the filesystem's -&gt;evict_inode (2.6.36 on; before, the truncate_inode_pages and
    /// -&gt;clear_inode / -&gt;delete_inode of iput_final and dispose_list), which ends in
    /// truncate_inode_pages_final, then clear_inode (<see cref="ClearInode"/>) and destroy_inode.
    /// From the final iput of an unlinked inode, or from the inode cache's shrinker (<see cref="PruneIcache"/>).
    /// </summary>
    [Models("fs/inode.c", "evict", "6.9")]
    [Models("fs/inode.c", "evict (inode_sync_wait before ->evict_inode)", "3.19")]
    [Models("fs/inode.c", "dispose_list (truncate_inode_pages, clear_inode)", "2.6.20")]
    [Models("fs/inode.c", "destroy_inode", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask Evict(Inode inode)
    {
        // "That way we preserve the current property that ->evict_inode() and writeback never run
        // in parallel" (7994e6f72543): a flusher pass begun before I_FREEING was set ends first.
        if (kernel.Era.FlusherPinsInodeWithISync() && !kernel.Faults.EvictSkipsInodeWritebackWait)
        {
            await kernel.FsWriteback.InodeWaitForWriteback(inode);
        }

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

        await ClearInode(inode);

        // destroy_inode: the inode is freed; a touch from here on is a use-after-free
        // (<see cref="InodeTouch"/>). __destroy_inode drops the inode's wb reference (cgroup writeback, 4.2).
        inode.EvictedBy = (kernel.Runtime.CurrentOrNull(), "destroy_inode");
        inode.EvictedAtStep = kernel.Runtime.StepNumber;
        kernel.Throttle.InodeDetachWb(inode);
    }

    /// <summary>
    /// clear_inode (end_writeback from 2.6.36 to 3.4, <see cref="EraNames.ClearInode"/>): the
    /// inode is done with. Its BUG_ONs state what eviction guarantees: no page left
    /// (i_data.nrpages), I_FREEING set by whoever began the eviction, I_CLEAR not yet set (one
    /// clear per inode). Until 3.5 it waits for the inode's writeback here, after the
    /// filesystem's truncate (2.6.20's wait_on_inode on I_LOCK, inode_sync_wait on I_SYNC from
    /// 2.6.27 [R], end_writeback's inode_sync_wait [V: in 169ebd90131b's and 7994e6f72543's
    /// diff context]); the flusher then held an inode reference across its pass, so the wait
    /// never found I_SYNC set (7994e6f72543's message). Then i_state = I_FREEING | I_CLEAR.
    /// Not modelled: BUG_ON(nrshadows) (3.15) / BUG_ON(nrexceptional) (4.x to 5.11 [I]): the
    /// model keeps shadow entries only from 6.9, where clear_inode asserts on them no more (Hugh
    /// Dickins, 2021: "do not BUG_ON(!mapping_empty)" [V: the patch]), so it cannot fire in the
    /// eras that had it; BUG_ON(!list_empty(&amp;i_data.private_list)): the model has no buffers
    /// associated with a mapping (mark_buffer_dirty_inode), so the list is always empty;
    /// BUG_ON(!list_empty(&amp;inode-&gt;i_wb_list)) (3.x on): the model's wb lists are
    /// computed from i_state and I_FREEING, not kept.
    /// </summary>
    [Models("fs/inode.c", "clear_inode (BUG_ON(nrpages), BUG_ON(!I_FREEING), BUG_ON(I_CLEAR), wait_on_inode)", "2.6.20")]
    [Models("fs/inode.c", "end_writeback (BUG_ONs, inode_sync_wait)", "2.6.36")]
    [Models("fs/inode.c", "clear_inode", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask ClearInode(Inode inode)
    {
        var name = kernel.Names.ClearInode;
        Diagnostics.Bug.On(inode.Mapping.NrPages != 0, name, $"{inode} still has {inode.Mapping.NrPages} page(s) (i_data.nrpages)");
        Diagnostics.Bug.On(!inode.Freeing, name, $"{inode} is not I_FREEING");
        Diagnostics.Bug.On(inode.Evicted, name, $"{inode} is I_CLEAR already: cleared twice");
        if (!kernel.Era.FlusherPinsInodeWithISync())
        {
            await kernel.FsWriteback.InodeWaitForWriteback(inode);
        }

        // i_state = I_FREEING | I_CLEAR: the dirty bits go with the rest.
        inode.State = InodeState.None;
        inode.Evicted = true;
    }

    /// <summary>
    /// <paramref name="function"/> touches <paramref name="inode"/>, which must not be freed
    /// (destroy_inode): a use-after-free otherwise, reported with who freed it, as
    /// <see cref="Mm.PageAlloc.Touch(Mm.Page, string)"/> reports a page's.
    /// </summary>
    internal static void InodeTouch(Inode inode, string function)
    {
        if (inode.Evicted)
        {
            var freedBy = inode.EvictedBy is ({ } thread, { } freer) ? $"{thread} in {freer}" : "set-up";
            var step = inode.EvictedAtStep is { } number ? $" (step {number})" : "";
            throw new Invariants.InvariantViolationException(Invariants.UseAfterFree.Name, $"{function} touched {inode} after {freedBy}{step} freed it");
        }
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
