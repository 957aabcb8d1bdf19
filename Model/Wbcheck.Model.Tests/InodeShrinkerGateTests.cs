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
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void A_shrinker_that_ignores_gfp_nofs_evicts_under_the_writer_s_own_handle(KernelEra era)
    {
        var blocked = Write(NewKernel(era, new Faults { ShrinkerIgnoresGfpFs = true }));

        Assert.Contains("journal handle", blocked, StringComparison.Ordinal);
        Assert.Contains("held by T0(writer)", blocked, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    // The model's shrinker scans every unused inode; the kernel's 2.6.2x count asks for none below
    // 100 of them (docs/eras.md section 82, "noticed" 1): this is the model's superset, not a
    // kernel fact at this scale.
    public void Gfp_kernel_direct_reclaim_evicts_an_unused_clean_inode_and_no_other(KernelEra era)
    {
        var setup = NewKernel(era, totalPages: 14);
        var dirty = setup.Kernel.CreateUnusedInode(1, setup.Written.Mapping.Operations);
        setup.Kernel.Filemap.AddCachedPage(dirty.Mapping, 0, dirty: true);

        DirectReclaim(setup, Gfp.Kernel);

        Assert.True(setup.Unused.Evicted);
        Assert.False(setup.Written.Freeing); // in use: the open file's reference
        Assert.False(dirty.Freeing); // pages and dirty: not modelled, left cached
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20, Gfp.NoFs)]
    [InlineData(KernelEra.V6_9, Gfp.NoFs)]
    [InlineData(KernelEra.V2_5, Gfp.Kernel)]
    public void No_inode_is_evicted_without_gfp_fs_nor_in_2_5_31(KernelEra era, Gfp gfp)
    {
        var setup = NewKernel(era);

        DirectReclaim(setup, gfp);

        Assert.False(setup.Unused.Freeing);
    }
}
