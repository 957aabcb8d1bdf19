using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
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
    /// <summary>
    /// The inodes on the unused list (inode_unused to 2.6.37, the superblock's s_inode_lru after),
    /// oldest first (the model's creation order): no reference (i_count 0), still linked (an
    /// unlinked one was evicted by its final iput), neither dirty nor being written (i_state 0),
    /// not being freed; with pages in the eras whose LRU holds them, without from 5.16
    /// (mapping_shrinkable). The model's list is kept up to date, where the kernel's 3.x-6.x LRU
    /// is lazy (inode_lru_isolate takes off the inodes that gained a reference or a state): the
    /// same inodes are scanned, one look sooner.
    /// </summary>
    [Models("fs/inode.c", "prune_icache (i_state || i_count: skip)", "2.6.20")]
    [Models("fs/inode.c", "inode_lru_isolate (i_count || i_state & ~I_REFERENCED || !mapping_shrinkable: LRU_REMOVED)", "6.9")]
    public IReadOnlyList<Inode> UnusedInodes()
    {
        var withPages = kernel.Era.InodeLruHoldsInodesWithPages();
        return [.. kernel.Inodes.Where(inode => inode.Count == 0 && inode.Nlink > 0 && !inode.Freeing
            && inode.State == InodeState.None && (withPages || inode.Mapping.NrPages == 0))];
    }

    /// <summary>
    /// Walk up to <paramref name="nrToScan"/> inodes of the unused list, mark the freeable ones
    /// I_FREEING and then evict them (dispose_list; <see cref="Evict"/>), in this thread: a
    /// reclaimer that got here runs the filesystem's eviction, which may start a journal handle
    /// (XFS's inactivation of a file's post-EOF blocks [R]; not ext4's, docs/eras.md section 84).
    /// Each inode looked at counts one of the walk. One with pages is taken a reference on,
    /// invalidated (<see cref="Mm.Truncate.InvalidateMappingPages"/>) and put back (iput): to 2.6.37
    /// prune_icache frees it then only if can_unuse (no pages left, no reference, no state), else
    /// goes on to the next; from 2.6.38 inode_lru_isolate returns LRU_RETRY and the walk looks at
    /// it again, freeing it if its pages are gone, invalidating again if not, until the walk is
    /// spent. Returns how many inodes were freed.
    /// </summary>
    [Models("fs/inode.c", "prune_icache", "2.6.20")]
    [Models("fs/inode.c", "can_unuse", "2.6.20")]
    [Models("fs/inode.c", "prune_icache_sb", "6.9")]
    [Models("fs/inode.c", "inode_lru_isolate", "6.9")]
    [Models("fs/inode.c", "dispose_list", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> PruneIcache(int nrToScan)
    {
        var retries = kernel.Era.InodeLruIsolateRetries();
        var list = new Queue<Inode>(UnusedInodes());
        var freeable = new List<Inode>();
        for (var walked = 0; walked < nrToScan && list.Count > 0; walked++)
        {
            var inode = list.Peek();

            // Looked at again under the lock: a task may have taken a reference meanwhile.
            if (inode.Count > 0 || inode.State != InodeState.None || inode.Freeing)
            {
                list.Dequeue();
                continue;
            }

            if (inode.Mapping.NrPages > 0)
            {
                await InvalidateUnusedInode(inode);
                if (!retries)
                {
                    list.Dequeue();
                    if (!CanUnuse(inode))
                    {
                        continue;
                    }

                    inode.Freeing = true;
                    freeable.Add(inode);
                }

                continue;
            }

            list.Dequeue();
            inode.Freeing = true;
            freeable.Add(inode);
        }

        foreach (var inode in freeable)
        {
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
