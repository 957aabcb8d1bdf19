using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Shrinker;

/// <summary>
/// An unused inode that still has page cache, scanned by the inode cache's shrinker
/// (<see cref="Vfs.PruneIcache"/>): to 5.15 it is on the unused list and the scan drops its
/// clean pages (invalidate_mapping_pages, which leaves dirty, writeback, mapped, locked and
/// otherwise referenced pages) and frees it once none is left: 2.6.20's prune_icache on the same
/// look (can_unuse), 2.6.38-5.15's inode_lru_isolate after a retry that rotates it (LRU_RETRY, then
/// the I_REFERENCED its own iput set: LRU_ROTATE), at the third look at the earliest. From 5.16 an
/// inode with pages is kept off the LRU: the shrinker leaves it and its pages alone.
/// </summary>
public sealed class PruneIcachePagesTests
{
    private static (Kernel Kernel, Inode Inode) NewUnusedFile(KernelEra era, params bool[] dirty)
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = era });
        var inode = kernel.CreateUnusedInode(dirty.Length, new SimpleFs(kernel, SimpleFsOptions.Default));
        for (var index = 0; index < dirty.Length; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty[index]);
        }

        // A dirty page makes the inode dirty: the test looks at the invalidation, so the state
        // is cleared as the flusher's write of another inode would leave an inode's state
        // while its page stays dirty in the cache.
        inode.State = InodeState.None;
        return (kernel, inode);
    }

    private static int Prune(Kernel kernel, int nrToScan)
    {
        var freed = 0;
        ((SequentialRuntime)kernel.Runtime).Run("shrinker", async () => freed = await kernel.Vfs.PruneIcache(nrToScan));
        return freed;
    }

    /// <summary>
    /// Walks of one look each until the inode is freed: 2.6.20's prune_icache frees it on the look
    /// that invalidates it (can_unuse). From 2.6.38 the invalidation's own iput finds the inode
    /// still on the LRU and marks it I_REFERENCED (3.x's iput_final whatever, 4.16-5.15's
    /// inode_lru_list_add), so the retried look rotates it and a third look frees it; in the
    /// model's 3.19 and 4.13 the inode's first iput_final marked it too, one rotation more.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20, 1)]
    [InlineData(KernelEra.V2_6_36, 1)]
    [InlineData(KernelEra.V3_19, 4)]
    [InlineData(KernelEra.V4_13, 4)]
    [InlineData(KernelEra.V5_0, 3)]
    public void An_unused_inode_with_clean_pages_is_invalidated_and_freed_in_the_looks_of_its_era(KernelEra era, int looks)
    {
        var (kernel, inode) = NewUnusedFile(era, false, false);
        Assert.Single(kernel.Vfs.UnusedInodes());

        for (var look = 1; look < looks; look++)
        {
            Assert.Equal(0, Prune(kernel, 1));
            Assert.False(inode.Freeing);
        }

        Assert.Equal(1, Prune(kernel, 1));
        Assert.True(inode.Evicted);
        Assert.Equal(0, inode.Count);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36, 1)]
    [InlineData(KernelEra.V3_19, 2)]
    [InlineData(KernelEra.V4_13, 2)]
    [InlineData(KernelEra.V5_0, 1)]
    [InlineData(KernelEra.V6_9, 1)]
    public void An_unused_inode_without_pages_is_rotated_once_where_iput_final_marked_it_referenced(KernelEra era, int looks)
    {
        var (kernel, inode) = NewUnusedFile(era);

        for (var look = 1; look < looks; look++)
        {
            Assert.Equal(0, Prune(kernel, 1));
        }

        Assert.Equal(1, Prune(kernel, 1));
        Assert.True(inode.Evicted);
    }

    [Fact]
    public void An_invalidated_inode_is_rotated_behind_the_rest_of_the_list()
    {
        // 5.0: the first inode's invalidation asks for a retry, the retry rotates it (I_REFERENCED
        // from its own iput), the second inode is freed, and the walk is spent.
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = KernelEra.V5_0 });
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var withPages = kernel.CreateUnusedInode(1, fs);
        kernel.Filemap.AddCachedPage(withPages.Mapping, 0, false);
        var empty = kernel.CreateUnusedInode(0, fs);

        Assert.Equal(1, Prune(kernel, 3));

        Assert.True(empty.Evicted);
        Assert.False(withPages.Freeing);
        Assert.Equal(0, withPages.Mapping.NrPages);
        Assert.Same(withPages, kernel.Vfs.UnusedInodes().Single());
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V5_0)]
    public void A_dirty_page_stays_and_keeps_the_inode_cached_while_its_clean_page_goes(KernelEra era)
    {
        var (kernel, inode) = NewUnusedFile(era, true, false);

        // 3.19: the first walk only rotates the inode its iput_final marked I_REFERENCED.
        Assert.Equal(0, Prune(kernel, 4));
        Assert.Equal(0, Prune(kernel, 4));

        Assert.Equal(1, inode.Mapping.NrPages);
        Assert.True(kernel.CachedPages().Single(page => page.Mapping == inode.Mapping).Dirty);
        Assert.False(inode.Freeing);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V5_0)]
    public void Pages_under_writeback_locked_or_held_by_another_task_are_not_invalidated(KernelEra era)
    {
        var (kernel, inode) = NewUnusedFile(era, false, false, false);
        var pages = kernel.CachedPages().Where(page => page.Mapping == inode.Mapping).OrderBy(page => page.Index).ToList();
        pages[0].Writeback = true;
        pages[1].Locked = true;
        Filemap.FolioGet(pages[2]);

        Assert.Equal(0, Prune(kernel, 4));

        Assert.Equal(3, inode.Mapping.NrPages);
        Assert.False(inode.Freeing);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V5_0)]
    public void A_mapped_page_is_not_invalidated(KernelEra era)
    {
        // The mapping stays only in the page tables: the inode is unused, its vma's file
        // reference aside (the model's mmap takes none).
        var (kernel, inode) = NewUnusedFile(era, false);
        var vma = kernel.Memory.Mmap(inode, null);
        kernel.Memory.MapPage(vma, kernel.CachedPages().Single(page => page.Mapping == inode.Mapping));

        Assert.Equal(0, Prune(kernel, 4));

        Assert.Equal(1, inode.Mapping.NrPages);
        Assert.False(inode.Freeing);
    }

    [Fact]
    public void In_2_6_20_a_kept_inode_is_looked_at_again_within_the_same_scan()
    {
        // prune_icache's iput moves the kept inode to the list's head and the walk takes from
        // the tail: alone on the list, each of the 3 looks takes a reference to invalidate it.
        var (kernel, inode) = NewUnusedFile(KernelEra.V2_6_20, true);
        var recorder = new ReferenceRecorder();
        kernel.Observers.Add(recorder);

        Assert.Equal(0, Prune(kernel, 3));

        Assert.Equal(3, recorder.Taken);
        Assert.False(inode.Freeing);
    }

    private sealed class ReferenceRecorder : IKernelObserver
    {
        public int Taken { get; private set; }

        public void InodeReferenceChanged(Inode inode, bool taken) => Taken += taken ? 1 : 0;
    }

    [Fact]
    public void From_5_16_an_inode_with_pages_is_off_the_unused_list_and_keeps_them()
    {
        var (kernel, inode) = NewUnusedFile(KernelEra.V6_9, false, false);

        Assert.Empty(kernel.Vfs.UnusedInodes());
        Assert.Equal(0, Prune(kernel, 4));

        Assert.Equal(2, inode.Mapping.NrPages);
        Assert.False(inode.Freeing);
    }
}
