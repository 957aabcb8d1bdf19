using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Shrinker;

/// <summary>
/// From 5.16 (51b8c1fe250d, "vfs: keep inodes with page cache off the inode shrinker LRU") an
/// unused inode whose final iput finds it with page cache stays off the inode LRU, and goes on it
/// when its cache goes: every deletion from the page cache ends with
/// <c>if (mapping_shrinkable(mapping)) inode_add_lru(mapping-&gt;host)</c>, and inode_sync_complete
/// queues an inode writeback left clean. Reclaim leaves a shadow entry where it took a page, so
/// only a lone shadow at index 0 leaves the mapping shrinkable; truncation clears shadows.
/// </summary>
public sealed class InodeLruRequeueTests
{
    private static Kernel NewKernel(Faults? faults = null, Machine? machine = null, KernelEra era = KernelEra.V6_9) =>
        new(new SequentialRuntime(), new KernelConfig { Era = era, Faults = faults ?? Faults.None, Machine = machine ?? Machine.Default });

    private static void Run(Kernel kernel, Func<Task> operation) => ((SequentialRuntime)kernel.Runtime).Run("test", operation);

    /// <summary>A linked file whose last reference is put while it has clean pages at <paramref name="indices"/>.</summary>
    private static Inode FinalIputWithPages(Kernel kernel, params long[] indices)
    {
        var inode = kernel.CreateInode(indices.Length == 0 ? 1 : indices.Max() + 1, new SimpleFs(kernel, SimpleFsOptions.Default));
        foreach (var index in indices)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: false);
        }

        Run(kernel, async () => await kernel.Vfs.Iput(inode));
        return inode;
    }

    private static void Reclaim(Kernel kernel, Inode inode, long index)
    {
        var page = kernel.CachedPages().Single(p => p.Mapping == inode.Mapping && p.Index == index);
        var result = ReclaimResult.Kept;
        Run(kernel, async () => result = await kernel.Vmscan.ReclaimFolio(page));
        Assert.Equal(ReclaimResult.Freed, result);
    }

    private static int Prune(Kernel kernel, int nrToScan)
    {
        var freed = 0;
        Run(kernel, async () => freed = await kernel.Vfs.PruneIcache(nrToScan));
        return freed;
    }

    /// <summary>Walks of <paramref name="looks"/> looks each, until one frees something; how many walks.</summary>
    private static int WalksUntilFreed(Kernel kernel, int looks, int most = 8)
    {
        for (var walk = 1; walk <= most; walk++)
        {
            if (Prune(kernel, looks) > 0)
            {
                return walk;
            }
        }

        return 0;
    }

    [Fact]
    public void An_unused_inode_whose_last_page_reclaim_takes_at_index_0_is_queued_and_evicted()
    {
        var kernel = NewKernel();
        var inode = FinalIputWithPages(kernel, 0);
        Assert.Empty(kernel.Vfs.UnusedInodes());

        Reclaim(kernel, inode, 0);

        // __remove_mapping left a shadow at index 0, alone in the head pointer: shrinkable.
        Assert.Equal(1, inode.Mapping.ShadowCount);
        Assert.Same(inode, Assert.Single(kernel.Vfs.UnusedInodes()));

        // The walk invalidates the shadow (LRU_RETRY), the invalidation's own iput marks the inode
        // I_REFERENCED, the retry rotates it; the next walk frees it.
        Assert.Equal(2, WalksUntilFreed(kernel, looks: 3));
        Assert.True(inode.Evicted);
    }

    [Fact]
    public void Without_the_deletions_inode_add_lru_the_inode_is_never_evicted()
    {
        var kernel = NewKernel(new Faults { PageCacheDeletionLeavesInodeOffLru = true });
        var inode = FinalIputWithPages(kernel, 0);

        Reclaim(kernel, inode, 0);

        Assert.Empty(kernel.Vfs.UnusedInodes());
        Assert.Equal(0, WalksUntilFreed(kernel, looks: 3));
        Assert.False(inode.Freeing);
    }

    [Theory]
    [InlineData(new long[] { 1 })]
    [InlineData(new long[] { 0, 1 })]
    public void Shadows_that_are_not_a_lone_index_0_keep_the_inode_off_the_lru(long[] indices)
    {
        var kernel = NewKernel();
        var inode = FinalIputWithPages(kernel, indices);

        foreach (var index in indices)
        {
            Reclaim(kernel, inode, index);
        }

        // The shadows sit in an xarray node, which only the shadow nodes' shrinker (not modelled)
        // frees: the inode waits off the LRU.
        Assert.Equal(0, inode.Mapping.NrPages);
        Assert.Equal(indices.Length, inode.Mapping.ShadowCount);
        Assert.Empty(kernel.Vfs.UnusedInodes());
        Assert.Equal(0, WalksUntilFreed(kernel, looks: 3));
    }

    /// <summary>
    /// Truncate <paramref name="inode"/>'s whole cache as a task does, holding a reference (its
    /// open file): the deletions' inode_add_lru finds i_count &gt; 0 and does nothing, so the inode
    /// stays off the list until that reference's final iput, whose __inode_add_lru(inode, true)
    /// queues it if the mapping is now shrinkable.
    /// </summary>
    private static void TruncateUnderReference(Kernel kernel, Inode inode)
    {
        Assert.True(kernel.Vfs.Igrab(inode));
        Run(kernel, async () => await kernel.Truncate.TruncateInodePagesRange(inode.Mapping, 0, -1));
        Assert.True(inode.Mapping.MappingEmpty);
        Assert.Empty(kernel.Vfs.UnusedInodes()); // in use: the deletions queue nothing
        Run(kernel, async () => await kernel.Vfs.Iput(inode));
    }

    [Fact]
    public void Truncation_clears_the_shadows_and_the_final_iput_queues_the_inode()
    {
        // The shadow at index 1 keeps the unused inode off the list (the test above); truncation
        // clears it, so the put of the truncating task's reference finds the mapping shrinkable.
        var kernel = NewKernel();
        var inode = FinalIputWithPages(kernel, 1, 2);
        Reclaim(kernel, inode, 1);
        Assert.Empty(kernel.Vfs.UnusedInodes());

        TruncateUnderReference(kernel, inode);

        Assert.Equal(0, inode.Mapping.ShadowCount);
        Assert.Same(inode, Assert.Single(kernel.Vfs.UnusedInodes()));
        Assert.False(inode.Referenced); // added, not found on the list: no I_REFERENCED
        Assert.Equal(1, WalksUntilFreed(kernel, looks: 1));
    }

    /// <summary>
    /// The final iput queues an inode truncated under a reference, with or without the
    /// deletions' inode_add_lru: for a truncation that call is moot (i_count &gt; 0); only
    /// reclaim's __remove_mapping and the shadow nodes' shrinker empty an unreferenced inode's
    /// cache, which is where the fault shows
    /// (<see cref="Without_the_deletions_inode_add_lru_the_inode_is_never_evicted"/>).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncation_of_the_last_page_under_a_reference_queues_the_inode_at_its_put(bool deletionLeavesInodeOff)
    {
        var kernel = NewKernel(new Faults { PageCacheDeletionLeavesInodeOffLru = deletionLeavesInodeOff });
        var inode = FinalIputWithPages(kernel, 1);
        Assert.Empty(kernel.Vfs.UnusedInodes());

        TruncateUnderReference(kernel, inode);

        Assert.Same(inode, Assert.Single(kernel.Vfs.UnusedInodes()));
        Assert.Equal(1, WalksUntilFreed(kernel, looks: 1));
    }

    [Fact]
    public void A_queued_inode_goes_to_the_lists_tail()
    {
        // The inode with a page was cached first; the empty one went on the list at its iput.
        // When reclaim empties the first, list_lru_add puts it behind: a walk of one look frees
        // the empty inode, not it.
        var kernel = NewKernel();
        var first = FinalIputWithPages(kernel, 0);
        var empty = FinalIputWithPages(kernel);
        Reclaim(kernel, first, 0);

        Assert.Equal([empty, first], kernel.Vfs.UnusedInodes());
        Assert.Equal(1, Prune(kernel, 1));
        Assert.True(empty.Evicted);
        Assert.False(first.Freeing);
    }

    [Fact]
    public void An_inode_writeback_left_clean_is_queued_by_inode_sync_complete()
    {
        // Dirty at its final iput (a dirty page truncated while the reference was held): iput_final
        // leaves it off the list; the flusher finds nothing to write, clears I_DIRTY_PAGES, and
        // inode_sync_complete queues it.
        var kernel = NewKernel();
        var inode = kernel.CreateInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        Run(kernel, async () => await kernel.Truncate.TruncateInodePagesRange(inode.Mapping, 0, -1));
        Run(kernel, async () => await kernel.Vfs.Iput(inode));
        Assert.NotEqual(InodeState.None, inode.State);
        Assert.False(inode.OnLru);

        Run(kernel, async () => await kernel.FsWriteback.WritebackSingleInode(inode, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16 }));

        Assert.Equal(InodeState.None, inode.State);
        Assert.Same(inode, Assert.Single(kernel.Vfs.UnusedInodes()));
        Assert.Equal(1, WalksUntilFreed(kernel, looks: 1));
    }

    [Fact]
    public void On_a_highmem_kernel_an_inode_with_pages_stays_on_the_lru_and_the_shrinker_drops_its_pages()
    {
        // mapping_shrinkable is true whatever the cache on CONFIG_HIGHMEM: the shrinker may strip
        // an inode's cache to free the struct inode in low memory.
        var kernel = NewKernel(machine: new Machine { TotalPages = 1024, TotalHighPages = 512 });
        var inode = FinalIputWithPages(kernel, 0, 1);

        Assert.Same(inode, Assert.Single(kernel.Vfs.UnusedInodes()));
        Assert.Equal(2, WalksUntilFreed(kernel, looks: 3));
        Assert.True(inode.Evicted);
    }

    [Fact]
    public void An_inode_that_gains_cache_while_on_the_list_is_taken_off_by_the_walk()
    {
        // The lazy LRU: inode_lru_isolate removes an inode whose mapping is no longer shrinkable
        // (LRU_REMOVED) rather than strip its cache. The page comes in while the walk works on
        // the inode before it (its __iget, here).
        var kernel = NewKernel();
        var first = FinalIputWithPages(kernel, 0);
        Reclaim(kernel, first, 0);
        var second = FinalIputWithPages(kernel);
        Assert.Equal([first, second], kernel.Vfs.UnusedInodes());
        kernel.Observers.Add(new PopulateOnReference(kernel, first, second));

        // first: invalidated (LRU_RETRY), rotated (its iput's I_REFERENCED); second: removed;
        // first: freed.
        Assert.Equal(1, Prune(kernel, 4));

        Assert.True(first.Evicted);
        Assert.Equal(1, second.Mapping.NrPages);
        Assert.False(second.OnLru);
        Assert.False(second.Freeing);
    }

    /// <summary>
    /// Adds a page to <paramref name="target"/> when a reference to <paramref name="trigger"/> is
    /// first taken. The kernel's reader would take a reference to the target (__iget leaves it on
    /// the lazy list), read the page in and put it, and that iput_final leaves an inode whose
    /// cache is not shrinkable where it is: the state the walk meets is the same. The model skips
    /// the reference because an observer cannot await the put.
    /// </summary>
    private sealed class PopulateOnReference(Kernel kernel, Inode trigger, Inode target) : IKernelObserver
    {
        private bool done;

        public void InodeReferenceChanged(Inode inode, bool taken)
        {
            if (taken && inode == trigger && !done)
            {
                done = true;
                kernel.Filemap.AddCachedPage(target.Mapping, 0, dirty: false);
            }
        }
    }

    /// <summary>
    /// An inode the lazy LRU still holds is used again, dirtied and put back dirty (iput_final
    /// adds nothing: I_DIRTY); writeback cleans it and inode_sync_complete's inode_add_lru finds it
    /// on the list: 4.16-5.15's inode_lru_list_add marks it I_REFERENCED, so the shrinker rotates
    /// it once; 5.16's __inode_add_lru(inode, false) does not.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V5_0, 2)]
    [InlineData(KernelEra.V6_9, 1)]
    public void Inode_sync_complete_marks_an_inode_still_on_the_list_referenced_in_4_16_to_5_15(KernelEra era, int walks)
    {
        var kernel = NewKernel(era: era);
        var inode = kernel.CreateUnusedInode(1, new SimpleFs(kernel, SimpleFsOptions.Default));
        Assert.True(inode.OnLru);
        Assert.False(inode.Referenced);
        kernel.Vfs.Igrab(inode);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        Run(kernel, async () => await kernel.Truncate.TruncateInodePagesRange(inode.Mapping, 0, -1));
        Run(kernel, async () => await kernel.Vfs.Iput(inode));
        Assert.False(inode.Referenced);

        Run(kernel, async () => await kernel.FsWriteback.WritebackSingleInode(inode, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 16 }));

        Assert.Equal(InodeState.None, inode.State);
        Assert.Equal(walks, WalksUntilFreed(kernel, looks: 1));
    }
}
