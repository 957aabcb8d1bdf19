using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The context check <see cref="NofsReclaimEntersNoFilesystem"/> at each of reclaim's ways into a
/// filesystem: pageout's -&gt;writepage (2.6.20 to 2.6.36, where direct reclaim writes), 2.5.31's
/// -&gt;vm_writeback, and the inode shrinker's eviction (a GFP_NOFS scope from 4.12 included).
/// Each gate, dropped by its fault, is caught there; the gates in place, nothing fires. And the
/// mask a filesystem passes under its handle (<see cref="SimpleFs.AllocateInTransaction"/>), era by era.
/// </summary>
public sealed class NofsReclaimEntersNoFilesystemTests
{
    /// <summary>Direct reclaim over 32 dirty pages with <paramref name="gfp"/>, the check installed.</summary>
    private static void DirectReclaim(KernelEra era, Gfp gfp, Faults? faults = null)
    {
        var world = new World(pages: 32, config: new KernelConfig { Era = era, Faults = faults ?? Faults.None });
        world.Kernel.Observers.Add(new NofsReclaimEntersNoFilesystem(world.Kernel));
        world.Runtime.RunPendingWhenBlocked = true;
        var zone = world.Page(0).Zone!;
        world.Run(() => world.Kernel.Vmscan.TryToFreePages([zone], gfp));
    }

    [Theory]
    [InlineData(KernelEra.V2_5, "->vm_writeback (shrink_cache)")]
    [InlineData(KernelEra.V2_6_20, "->writepage (pageout)")]
    [InlineData(KernelEra.V2_6_36, "->writepage (pageout)")]
    public void Direct_reclaim_that_drops_the_mask_is_caught_calling_the_filesystem_for_a_gfp_nofs_allocation(KernelEra era, string entry)
    {
        var violation = Assert.Throws<InvariantViolationException>(() => DirectReclaim(era, Gfp.NoFs, new Faults { DirectReclaimIgnoresGfp = true }));

        Assert.Equal(NofsReclaimEntersNoFilesystem.Name, violation.Invariant);
        Assert.Contains($"without __GFP_FS (GFP_NOFS), called {entry} of inode 1", violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void Reclaim_for_gfp_kernel_may_write_and_for_gfp_nofs_does_not_reach_the_filesystem(KernelEra era)
    {
        DirectReclaim(era, Gfp.Kernel);
        DirectReclaim(era, Gfp.NoFs);
    }

    /// <summary>
    /// InodeShrinkerGateTests' machine: a writer allocating under its journal handle (GFP_NOFS to
    /// 4.12, the scope after) at the min watermarks, an unused inode of its filesystem beside the file.
    /// </summary>
    private static void JournalledWrite(KernelEra era, Faults faults)
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig
        {
            Era = era,
            Faults = faults,
            Machine = new Machine { OnlineCpus = 2, Nodes = 2, TotalPages = 10, MinFreeKbytes = 32 },
        });
        kernel.Observers.Add(new NofsReclaimEntersNoFilesystem(kernel));
        var fs = new SimpleFs(kernel, new SimpleFsOptions { JournalledWriteBegin = true });
        var inode = kernel.CreateInode(2, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false);
        kernel.CreateUnusedInode(0, fs);
        var file = kernel.Open(inode);
        ((SequentialRuntime)kernel.Runtime).Run("writer", async () => await kernel.Filemap.GenericFileWriteIter(file, 2));
    }

    [Theory]
    [InlineData(KernelEra.V3_19, "GFP_NOFS")]
    [InlineData(KernelEra.V6_9, "GFP_NOFS")]
    public void A_shrinker_that_ignores_gfp_nofs_is_caught_evicting_before_it_waits_for_the_handle(KernelEra era, string mask)
    {
        var violation = Assert.Throws<InvariantViolationException>(() => JournalledWrite(era, new Faults { ShrinkerIgnoresGfpFs = true }));

        Assert.Contains($"T0(writer), reclaiming for an allocation without __GFP_FS ({mask}), called ->evict_inode (the inode cache's shrinker) of inode 2", violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void The_writer_s_reclaim_under_its_handle_enters_no_filesystem(KernelEra era) =>
        JournalledWrite(era, Faults.None);

    [Theory]
    [InlineData(KernelEra.V2_6_20, Gfp.NoFs, Gfp.NoFs, false)]
    [InlineData(KernelEra.V2_6_36, Gfp.NoFs, Gfp.NoFs, false)]
    [InlineData(KernelEra.V4_13, Gfp.Kernel, Gfp.NoFs, false)]
    [InlineData(KernelEra.V6_9, Gfp.Kernel, Gfp.NoFs, false)]
    [InlineData(KernelEra.V2_6_36, Gfp.Kernel, Gfp.Kernel, true)]
    [InlineData(KernelEra.V6_9, Gfp.Kernel, Gfp.Kernel, true)]
    public void A_transaction_allocates_with_gfp_nofs_or_inside_the_scope(KernelEra era, Gfp passed, Gfp context, bool forgetful)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era, Faults = new Faults { FsAllocatesWithGfpKernel = forgetful } });
        var alloc = world.Kernel.PageAlloc;
        var (seen, after) = world.Run(async () =>
        {
            var inside = await world.Fs.AllocateInTransaction(gfp => ValueTask.FromResult((gfp, alloc.CurrentGfpContext(gfp))));
            return (inside, alloc.CurrentGfpContext(Gfp.Kernel));
        });

        Assert.Equal((passed, context), seen);
        Assert.Equal(Gfp.Kernel, after); // the scope closed with the handle
    }
}
