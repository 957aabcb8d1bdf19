using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// fs/inode.c, the inode cache's side of the shrinker: which inodes are on the unused list (the
/// per-sb LRU from 2.6.38) and how a scan of it frees them. An unused inode that still has pages
/// is invalidated first (its clean, unmapped, idle pages dropped) in the eras whose LRU holds it
/// (<see cref="ShrinkerEras.InodeLruHoldsInodesWithPages"/>), and freed only once it has none.
/// </summary>
public sealed partial class Vfs
{
    /// <summary>The last <see cref="Inode.LruOrder"/> handed out: an inode added to the list's tail or rotated there takes the next.</summary>
    private long lruTail;

    /// <summary>
    /// The inodes on the unused list (inode_unused to 2.6.37, the superblock's s_inode_lru after),
    /// oldest first (the model's creation order): no reference (i_count 0), still linked (an
    /// unlinked one was evicted by its final iput), neither dirty nor being written (i_state 0),
    /// not being freed; with pages in the eras whose LRU holds them. From 5.16 only the inodes
    /// something put on the list (<see cref="Inode.OnLru"/>: iput_final, inode_sync_complete or the
    /// page cache deletion that emptied them, <see cref="InodeAddLru(Inode, bool)"/>) and whose
    /// cache is shrinkable (mapping_shrinkable), in the order they were added. The model's list
    /// is kept up to date, where the kernel's 3.x-6.x LRU is lazy (inode_lru_isolate takes off the
    /// inodes that gained a reference, a state or, from 5.16, cache): the same inodes are scanned,
    /// one look sooner.
    /// </summary>
    [Models("fs/inode.c", "prune_icache (i_state || i_count: skip)", "2.6.20")]
    [Models("fs/inode.c", "inode_lru_isolate (i_count || i_state & ~I_REFERENCED || !mapping_shrinkable: LRU_REMOVED)", "6.9")]
    public IReadOnlyList<Inode> UnusedInodes()
    {
        var keptOff = kernel.Era.PageCacheDeletionQueuesInode();
        return [.. kernel.Inodes.Where(inode => inode.Count == 0 && inode.Nlink > 0 && !inode.Freeing
            && inode.State == InodeState.None && (!keptOff || (inode.OnLru && kernel.Filemap.MappingShrinkable(inode.Mapping))))
            .OrderBy(inode => inode.LruOrder)];
    }

    /// <summary>
    /// What the final iput of a linked inode does to the shrinker's list from 3.19 (the eras whose
    /// LRU the model follows, <see cref="ShrinkerEras.InodeLruRotatesReferenced"/>): to 4.15
    /// iput_final marks it I_REFERENCED whatever (<see cref="ShrinkerEras.IputFinalSetsReferenced"/>);
    /// then it adds it to the list with a rotation (<see cref="InodeAddLru(Inode, bool)"/>): a
    /// clean one goes on the list, or, found there already (a reference was taken and put back
    /// while the lazy list held it), is marked I_REFERENCED. From 5.16 an inode whose cache is not
    /// shrinkable is not put on the list.
    /// </summary>
    [Models("fs/inode.c", "iput_final (i_state |= I_REFERENCED; inode_add_lru)", "3.19")]
    [Models("fs/inode.c", "iput_final (__inode_add_lru(inode, true))", "6.9")]
    internal void CacheUnusedInode(Inode inode)
    {
        var era = kernel.Era;
        if (!era.InodeLruRotatesReferenced())
        {
            return;
        }

        if (era.IputFinalSetsReferenced())
        {
            inode.Referenced = true;
        }

        InodeAddLru(inode, rotate: true);
    }

    /// <summary>
    /// inode_add_lru: put an unused clean inode on the LRU, without a rotation: from
    /// inode_sync_complete once writeback of the inode is done, and from 5.16 from the page
    /// cache's deletions that emptied it (<see cref="Mm.Filemap.InodeAddLruIfShrinkable"/>).
    /// </summary>
    [Models("fs/inode.c", "inode_add_lru", "6.9")]
    [Models("fs/inode.c", "inode_add_lru", "3.19")]
    internal void InodeAddLru(Inode inode) => InodeAddLru(inode, rotate: false);

    /// <summary>
    /// Put the inode on the superblock's LRU, at its tail, if it is unused (no reference), clean
    /// (no dirty state, not being written, not being freed) and, from 5.16, its cache is
    /// shrinkable (mapping_shrinkable). An inode already on the list is marked I_REFERENCED for a
    /// <paramref name="rotate"/> (iput_final) and, in 4.16-5.15, by any add
    /// (<see cref="ShrinkerEras.InodeAddLruMarksReferenced"/>). The model follows the list from
    /// 3.19 (<see cref="ShrinkerEras.InodeLruRotatesReferenced"/>); SB_ACTIVE always holds.
    /// </summary>
    [Models("fs/inode.c", "inode_lru_list_add (list_lru_add or i_state |= I_REFERENCED)", "5.0")]
    [Models("fs/inode.c", "__inode_add_lru", "6.9")]
    [Models("fs/inode.c", "inode_add_lru (I_DIRTY | I_SYNC | I_FREEING | I_WILL_FREE, i_count, MS_ACTIVE)", "3.19")]
    private void InodeAddLru(Inode inode, bool rotate)
    {
        var era = kernel.Era;
        if (!era.InodeLruRotatesReferenced())
        {
            return;
        }

        if (inode.State != InodeState.None || inode.Count > 0 || inode.Freeing
            || (era.PageCacheDeletionQueuesInode() && !kernel.Filemap.MappingShrinkable(inode.Mapping)))
        {
            return;
        }

        if (inode.OnLru)
        {
            if (rotate || era.InodeAddLruMarksReferenced())
            {
                inode.Referenced = true;
            }

            return;
        }

        // list_lru_add: to the list's tail.
        inode.OnLru = true;
        inode.LruOrder = ++lruTail;
    }

    /// <summary>
    /// Walk up to <paramref name="nrToScan"/> inodes of the unused list, mark the freeable ones
    /// I_FREEING and then evict them (dispose_list; <see cref="Evict"/>), in this thread: a
    /// reclaimer that got here runs the filesystem's eviction, which may start a journal handle
    /// (XFS's inactivation of a file's post-EOF blocks [R]; not ext4's, docs/eras.md section 84).
    /// Each inode looked at counts one of the walk. One with pages is taken a reference on,
    /// invalidated (<see cref="Mm.Truncate.InvalidateMappingPages"/>) and put back (iput): to 2.6.37
    /// prune_icache frees it then only if can_unuse (no pages left, no reference, no state), else
    /// goes on to the next (its iput moved it to the head, the walk reaches it again after the
    /// rest); from 2.6.38 inode_lru_isolate returns LRU_RETRY and the walk looks at it again from
    /// the list's head. From 3.19 the model follows I_REFERENCED: an inode marked so
    /// is rotated to the tail, the flag cleared (<see cref="ShrinkerEras.InodeLruRotatesReferenced"/>),
    /// and the iput after the invalidation marks the inode, still on the list, again
    /// (<see cref="CacheUnusedInode"/>): the retried look rotates it, and it is freed at a later
    /// look, after the rest of the list. Returns how many inodes were freed.
    /// </summary>
    [Models("fs/inode.c", "prune_icache", "2.6.20")]
    [Models("fs/inode.c", "can_unuse", "2.6.20")]
    [Models("fs/inode.c", "prune_icache_sb", "6.9")]
    [Models("fs/inode.c", "inode_lru_isolate", "6.9")]
    [Models("fs/inode.c", "inode_lru_isolate (I_REFERENCED: clear it, LRU_ROTATE)", "4.13")]
    [Models("fs/inode.c", "dispose_list", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> PruneIcache(int nrToScan)
    {
        var retries = kernel.Era.InodeLruIsolateRetries();
        var rotates = kernel.Era.InodeLruRotatesReferenced();
        var keptOff = kernel.Era.PageCacheDeletionQueuesInode();
        var list = new Queue<Inode>(UnusedInodes());
        var freeable = new List<Inode>();
        for (var walked = 0; walked < nrToScan && list.Count > 0; walked++)
        {
            var inode = list.Peek();

            // Looked at again under the lock: a task may have taken a reference meanwhile, or,
            // from 5.16, the inode gained cache (LRU_REMOVED: iput, inode_sync_complete or the
            // deletion that empties the cache puts it back).
            if (inode.Count > 0 || inode.State != InodeState.None || inode.Freeing
                || (keptOff && !kernel.Filemap.MappingShrinkable(inode.Mapping)))
            {
                list.Dequeue();
                inode.OnLru = false;
                continue;
            }

            // LRU_ROTATE: "recently referenced inodes get one more pass". The walk goes on from
            // the inode's old successor, so the rotated inode comes round again only after the
            // rest of the list; the list's last inode rotates onto itself and ends the walk.
            if (rotates && inode.Referenced)
            {
                inode.Referenced = false;
                inode.LruOrder = ++lruTail;
                list.Dequeue();
                if (list.Count == 0)
                {
                    break;
                }

                list.Enqueue(inode);
                continue;
            }

            // inode->i_data.nrpages in the 3.x-4.x copies read, !mapping_empty by 5.16 (the context
            // of 51b8c1fe250d's diff): shadows too, which a shrinkable mapping may hold (a lone
            // one at index 0, or any on a highmem kernel). Only the model's 6.9 on keeps shadows.
            if (!inode.Mapping.MappingEmpty)
            {
                await InvalidateUnusedInode(inode);
                if (!retries)
                {
                    list.Dequeue();
                    if (!CanUnuse(inode))
                    {
                        // The iput moved it to the list's head (generic_forget_inode's list_move to
                        // inode_unused), and prune_icache walks from the tail: it is looked at
                        // again after the rest of the list, within the same nr_to_scan.
                        inode.LruOrder = ++lruTail;
                        list.Enqueue(inode);
                        continue;
                    }

                    inode.Freeing = true;
                    freeable.Add(inode);
                }

                continue;
            }

            list.Dequeue();
            inode.OnLru = false;
            inode.Freeing = true;
            freeable.Add(inode);
        }

        foreach (var inode in freeable)
        {
            kernel.Vmscan.EntersFilesystem(inode, $"{kernel.Names.ShrinkerEvictInode} (the inode cache's shrinker)");
            await Evict(inode);
        }

        return freeable.Count;
    }

    /// <summary>
    /// 2.5.31's shrink_icache_memory(priority, gfp_mask), which shrink_caches calls with priority 1
    /// once a round fell short (<see cref="ShrinkerEras.ShrinkCachesShrinksInodeCache"/>): without
    /// __GFP_FS it returns before it reads anything ("Nasty deadlock avoidance.. We may hold
    /// various FS locks, and we don't want to recurse into the FS that called us in
    /// clear_inode() and friends.."); otherwise it prunes <c>inodes_stat.nr_unused / priority</c>
    /// inodes (<see cref="PruneIcacheCanUnuse"/>). The kernel's nr_unused counts at least every
    /// inode on the unused list, those the walk passes over too [I], so with priority 1 the goal
    /// never stops the walk before the list's end. The kmem_cache_shrink after it frees slab pages, not modelled.
    /// </summary>
    [Models("fs/inode.c", "shrink_icache_memory (!(gfp_mask & __GFP_FS): return 0)", "2.5.31")]
    [Models("fs/inode.c", "shrink_icache_memory (count = inodes_stat.nr_unused / priority; prune_icache(count))", "2.5.31")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask ShrinkIcacheMemory(int priority, Gfp gfpMask)
    {
        if (!gfpMask.HasFlag(Gfp.Fs) && !kernel.Faults.ShrinkerIgnoresGfpFs)
        {
            return;
        }

        await PruneIcacheCanUnuse(UnusedInodes().Count / priority);
    }

    /// <summary>
    /// 2.5.31's prune_icache(goal): walk the unused list from its oldest inode under inode_lock,
    /// pass over every inode CAN_UNUSE refuses (any i_state bit, any page cache, buffers, a
    /// reference; <see cref="ShrinkerEras.ShrinkCachesShrinksInodeCache"/>: no invalidation of
    /// the pages as from 2.6), mark each other I_FREEING until <paramref name="goal"/> are taken
    /// ("if (!--goal) break"), then dispose_list them in this thread: the filesystem's
    /// clear_inode and friends (<see cref="Evict"/>). The model's inodes have no buffers
    /// (inode_has_buffers is false); <see cref="UnusedInodes"/> already leaves out the referenced,
    /// dirty, locked and freeing ones. Returns how many inodes were freed.
    /// </summary>
    [Models("fs/inode.c", "prune_icache (I_FREEING|I_CLEAR|I_LOCK, CAN_UNUSE, i_count: continue; if (!--goal) break)", "2.5.31")]
    [Models("fs/inode.c", "CAN_UNUSE ((i_state | i_data.nrpages) == 0 && !inode_has_buffers)", "2.5.31")]
    [Models("fs/inode.c", "dispose_list", "2.5.31")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    internal async ValueTask<int> PruneIcacheCanUnuse(int goal)
    {
        var freeable = UnusedInodes().Where(inode => inode.Mapping.NrPages == 0).Take(goal).ToList();
        foreach (var inode in freeable)
        {
            inode.Freeing = true;
        }

        foreach (var inode in freeable)
        {
            kernel.Vmscan.EntersFilesystem(inode, $"{kernel.Names.ShrinkerEvictInode} (the inode cache's shrinker)");
            await Evict(inode);
        }

        return freeable.Count;
    }

    /// <summary>
    /// Drop an unused inode's clean pages with a reference of our own taken (__iget), then put
    /// the reference back: a linked inode's iput leaves it cached. remove_inode_buffers is not
    /// modelled (the model's pages have no buffers).
    /// </summary>
    [Models("fs/inode.c", "prune_icache (__iget; invalidate_mapping_pages; iput)", "2.6.20")]
    [Models("fs/inode.c", "generic_forget_inode (list_move(&inode->i_list, &inode_unused))", "2.6.20")]
    [Models("fs/inode.c", "inode_lru_isolate (__iget; invalidate_mapping_pages; iput; LRU_RETRY)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask InvalidateUnusedInode(Inode inode)
    {
        Igrab(inode); // __iget: not I_FREEING, checked by the caller
        await kernel.Truncate.InvalidateMappingPages(inode.Mapping);
        await Iput(inode);
    }

    /// <summary>can_unuse: after the invalidation, the inode is freeable only with no state, no reference and no page left.</summary>
    [Models("fs/inode.c", "can_unuse", "2.6.20")]
    private static bool CanUnuse(Inode inode) =>
        inode.State == InodeState.None && inode.Count == 0 && !inode.Freeing && inode.Mapping.NrPages == 0;
}
