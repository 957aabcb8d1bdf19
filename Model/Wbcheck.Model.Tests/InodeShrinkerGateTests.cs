using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The inode cache's shrinker from direct reclaim (<see cref="Mm.Vmscan.ShrinkSlab"/>): each round
/// of global direct reclaim asks it to free unused clean inodes, whose eviction runs the
/// filesystem's evict_inode; without __GFP_FS it bails out first (shrink_icache_memory,
/// super_cache_scan). The machine is <see cref="JournalledWriteBeginTests"/>': a writer that
/// allocates under its filesystem's journal handle at the min watermarks, one dirty and one clean
/// page cached, and beside them an unused inode of the same filesystem, whose eviction starts a
/// handle.
/// </summary>
public sealed class InodeShrinkerGateTests
{
    private sealed record Setup(Kernel Kernel, Inode Written, Inode Unused);

    private static Setup NewKernel(KernelEra era, Faults? faults = null, int totalPages = 10)
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig
        {
            Era = era,
            Faults = faults ?? Faults.None,
            Machine = new Machine { OnlineCpus = 2, Nodes = 2, TotalPages = totalPages, MinFreeKbytes = 32 },
        });
        // Before write_begin (2.6.29 in the model), a filesystem without the journal.
        var fs = new SimpleFs(kernel, new SimpleFsOptions { JournalledWriteBegin = era.HasWriteBegin() });
        var inode = kernel.CreateInode(2, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false);
        return new Setup(kernel, inode, kernel.CreateUnusedInode(0, fs));
    }

    /// <summary>The writer's write of page 2; returns the message of the wait that never ended, if one did not.</summary>
    private static string? Write(Setup setup)
    {
        var file = setup.Kernel.Open(setup.Written);
        try
        {
            ((SequentialRuntime)setup.Kernel.Runtime).Run("writer", async () => Assert.Equal(2, await setup.Kernel.Filemap.GenericFileWriteIter(file, 2)));
            return null;
        }
        catch (WouldBlockException blocking)
        {
            return blocking.Message;
        }
    }

    /// <summary>Global direct reclaim with <paramref name="gfp"/> from a task holding no filesystem lock.</summary>
    private static void DirectReclaim(Setup setup, Gfp gfp)
    {
        var zone = setup.Kernel.PageAlloc.Zones[0];
        var runtime = (SequentialRuntime)setup.Kernel.Runtime;
        runtime.RunPendingWhenBlocked = true; // 2.5.31's reclaim waits on the writes it starts
        runtime.Run("allocator", async () => await setup.Kernel.Vmscan.TryToFreePages([zone], gfp));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void The_writer_s_gfp_nofs_reclaim_leaves_the_unused_inode_alone(KernelEra era)
    {
        var setup = NewKernel(era);

        Assert.Null(Write(setup));

        Assert.False(setup.Unused.Freeing);
        Assert.False(setup.Unused.Evicted);
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_shrinker_that_ignores_gfp_nofs_evicts_under_the_writer_s_own_handle(KernelEra era)
    {
        var blocked = Write(NewKernel(era, new Faults { ShrinkerIgnoresGfpFs = true }));

        Assert.Contains("journal handle", blocked, StringComparison.Ordinal);
        Assert.Contains("held by T0(writer)", blocked, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    // To 3.11 the inode cache counts (nr_unused / 100) * pressure: one unused inode is no count,
    // shrink_slab's delta is 0 and the shrinker is never asked to scan, gate or no gate. With a
    // hundred unused inodes the count is 100 and the same writer evicts under its own handle.
    public void To_3_11_a_shrinker_that_ignores_gfp_nofs_is_reached_only_with_a_hundred_unused_inodes(KernelEra era)
    {
        var faults = new Faults { ShrinkerIgnoresGfpFs = true };
        Assert.Null(Write(NewKernel(era, faults)));

        var hundred = NewKernel(era, faults);
        for (var i = 0; i < 99; i++)
        {
            hundred.Kernel.CreateUnusedInode(0, hundred.Unused.Mapping.Operations);
        }

        var blocked = Write(hundred);

        Assert.Contains("journal handle", blocked, StringComparison.Ordinal);
        Assert.Contains("held by T0(writer)", blocked, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V4_13, true)]
    [InlineData(KernelEra.V4_17, true)]
    [InlineData(KernelEra.V4_20, true)]
    [InlineData(KernelEra.V5_0, true)]
    [InlineData(KernelEra.V6_9, true)]
    [InlineData(KernelEra.V2_6_20, false)]
    [InlineData(KernelEra.V2_6_36, false)]
    // 2.5.31: shrink_caches' shrink_icache_memory(1, gfp_mask) prunes nr_unused / 1, every one.
    [InlineData(KernelEra.V2_5, true)]
    public void Gfp_kernel_direct_reclaim_evicts_an_unused_clean_inode_where_the_eras_count_asks_for_it(KernelEra era, bool evicted)
    {
        var setup = NewKernel(era, totalPages: 14);
        var dirty = setup.Kernel.CreateUnusedInode(1, setup.Written.Mapping.Operations);
        setup.Kernel.Filemap.AddCachedPage(dirty.Mapping, 0, dirty: true);

        DirectReclaim(setup, Gfp.Kernel);

        Assert.Equal(evicted, setup.Unused.Evicted);
        Assert.False(setup.Written.Freeing); // in use: the open file's reference
        Assert.False(dirty.Freeing); // dirty: not on the unused list
    }

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void No_inode_is_evicted_without_gfp_fs(KernelEra era)
    {
        var setup = NewKernel(era);

        DirectReclaim(setup, Gfp.NoFs);

        Assert.False(setup.Unused.Freeing);
    }

    /// <summary>
    /// 2.5.31's shrink_icache_memory without its "if (!(gfp_mask &amp; __GFP_FS)) return 0": the
    /// GFP_NOFS reclaim's first short round prunes the one unused inode and runs its eviction in
    /// the reclaiming task, which the context check reports.
    /// </summary>
    [Fact]
    public void In_2_5_31_a_shrinker_that_ignores_gfp_nofs_evicts_the_unused_inode_from_shrink_caches()
    {
        var setup = NewKernel(KernelEra.V2_5, new Faults { ShrinkerIgnoresGfpFs = true });
        var entries = new List<string>();
        setup.Kernel.Observers.Add(new EntryRecorder(entries));

        DirectReclaim(setup, Gfp.NoFs);

        Assert.True(setup.Unused.Evicted);
        // dispose_list's clear_inode calls the filesystem's ->clear_inode: ->evict_inode is 2.6.36's.
        Assert.Equal(["->clear_inode (the inode cache's shrinker) of inode " + setup.Unused.Ino], entries);
    }

    /// <summary>
    /// 2.5.31's prune_icache frees only what CAN_UNUSE allows: an unused inode that still has a
    /// clean page is passed over, page and all, where 2.6.20's drops the page and frees the
    /// inode (invalidate_mapping_pages, can_unuse). The clean inode beside it is freed.
    /// </summary>
    [Fact]
    public void In_2_5_31_an_unused_inode_with_pages_is_passed_over()
    {
        var setup = NewKernel(KernelEra.V2_5, totalPages: 14);
        var cached = setup.Kernel.CreateUnusedInode(1, setup.Written.Mapping.Operations);
        setup.Kernel.Filemap.AddCachedPage(cached.Mapping, 0, dirty: false);

        ((SequentialRuntime)setup.Kernel.Runtime).Run("allocator", async () => await setup.Kernel.Vfs.ShrinkIcacheMemory(1, Gfp.Kernel));

        Assert.True(setup.Unused.Evicted);
        Assert.False(cached.Freeing);
        Assert.Equal(1, cached.Mapping.NrPages);
    }

    /// <summary>
    /// shrink_caches returns before the inode cache when shrink_cache met the call's target: a
    /// machine whose first round frees SWAP_CLUSTER_MAX clean pages (max_scan = nr_inactive / 6)
    /// leaves the unused inode alone; one whose rounds fall short prunes it (above).
    /// </summary>
    [Fact]
    public void In_2_5_31_a_round_that_meets_its_target_leaves_the_inode_cache_alone()
    {
        var setup = NewKernel(KernelEra.V2_5, totalPages: 400);
        var big = setup.Kernel.CreateInode(300, setup.Written.Mapping.Operations);
        for (var index = 0; index < 300; index++)
        {
            setup.Kernel.Filemap.AddCachedPage(big.Mapping, index, dirty: false);
        }

        var zone = setup.Kernel.PageAlloc.Zones[0];
        var reclaimed = 0;
        ((SequentialRuntime)setup.Kernel.Runtime).Run("allocator", async () => reclaimed = await setup.Kernel.Vmscan.TryToFreePages([zone], Gfp.Kernel));

        Assert.Equal(32, reclaimed);
        Assert.False(setup.Unused.Freeing);
    }

    private sealed class EntryRecorder(List<string> entries) : IKernelObserver
    {
        public void ReclaimEntersFilesystem(Inode inode, string entry) => entries.Add($"{entry} of inode {inode.Ino}");
    }
}
