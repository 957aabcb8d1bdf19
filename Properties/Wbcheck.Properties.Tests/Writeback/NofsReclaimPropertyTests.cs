using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Writeback;
using Wbcheck.Properties.Writeback.Commands;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Writeback;

/// <summary>
/// Direct reclaim from an allocation a filesystem makes under its own journal handle: the
/// property (whose cells EraPropertyCatalogTests checks on every era, where it holds) catches, with a shrunk
/// counterexample, a filesystem that allocates there with GFP_KERNEL (its reclaim calls the
/// -&gt;writepage that waits for the task's own handle: a deadlock) and a direct reclaim that
/// drops the allocation's mask (the context check sees -&gt;writepage called for a GFP_NOFS
/// allocation), both where direct reclaim writes filesystem pages (2.6.29 and 2.6.36; from 3.2
/// it writes none, ee72886d8ed5).
/// </summary>
public sealed class NofsReclaimPropertyTests(ITestOutputHelper output)
{
    public static TheoryData<KernelEra> WritingEras => [KernelEra.V2_6_29, KernelEra.V2_6_36];

    [Theory]
    [MemberData(nameof(WritingEras))]
    public void A_filesystem_that_allocates_with_GFP_KERNEL_under_its_handle_deadlocks_in_its_own_reclaim(KernelEra era)
    {
        var (failure, shrunk) = Fails(era, new Faults { FsAllocatesWithGfpKernel = true });

        var reclaim = Assert.IsType<ReclaimCommand>(Assert.Single(shrunk.Commands));
        Assert.True(reclaim.InHandle);
        Assert.True(shrunk.Fs.Journalled);
        Assert.Contains("deadlock", failure.Message);
        Assert.Contains("journal handle", failure.Message);
    }

    [Theory]
    [MemberData(nameof(WritingEras))]
    public void Direct_reclaim_that_drops_the_allocations_mask_calls_writepage_for_a_GFP_NOFS_allocation(KernelEra era)
    {
        var (failure, shrunk) = Fails(era, new Faults { DirectReclaimIgnoresGfp = true });

        var reclaim = Assert.IsType<ReclaimCommand>(Assert.Single(shrunk.Commands));
        Assert.True(reclaim.InHandle);
        Assert.False(shrunk.Fs.Journalled);
        Assert.Contains(NofsReclaimEntersNoFilesystem.Name, failure.Message);
        Assert.Contains("called ->writepage (pageout)", failure.Message);
    }

    /// <summary>
    /// The eras whose inode cache counts every unused inode (3.12's super_cache_count; the model's
    /// 3.19 on), so that one unused inode is scanned once the allocation's try_to_free_pages gets
    /// far enough down its priorities.
    /// </summary>
    public static TheoryData<KernelEra> CountingEras => [KernelEra.V3_19, KernelEra.V4_13, KernelEra.V4_17, KernelEra.V4_20, KernelEra.V5_0, KernelEra.V6_9, KernelEra.V6_10];

    [Theory]
    [MemberData(nameof(CountingEras))]
    public void A_shrinker_that_ignores_the_missing_GFP_FS_evicts_an_unused_inode_under_the_handle(KernelEra era)
    {
        var (failure, shrunk) = Fails(era, new Faults { ShrinkerIgnoresGfpFs = true });

        var reclaim = Assert.IsType<ReclaimCommand>(Assert.Single(shrunk.Commands));
        Assert.True(reclaim.InHandle);
        Assert.Equal(1, shrunk.UnusedInodes);
        Assert.Contains(NofsReclaimEntersNoFilesystem.Name, failure.Message);
        // GFP_NOFS from 4.12 too: the handle's scope took __GFP_FS off the allocation's GFP_KERNEL.
        Assert.Contains("reclaiming for an allocation without __GFP_FS (GFP_NOFS), called ->evict_inode (the inode cache's shrinker)", failure.Message);
    }

    /// <summary>
    /// 2.5.31 has no shrink_slab: shrink_caches itself calls shrink_icache_memory(1, gfp_mask)
    /// after a round that fell short, which prunes nr_unused / 1 inodes, so one unused inode is
    /// enough, at the command's first round (docs/eras.md section 123).
    /// </summary>
    [Fact]
    public void On_2_5_31_a_shrinker_that_ignores_the_missing_GFP_FS_evicts_an_unused_inode_from_shrink_caches()
    {
        var (failure, shrunk) = Fails(KernelEra.V2_5, new Faults { ShrinkerIgnoresGfpFs = true });

        var reclaim = Assert.IsType<ReclaimCommand>(Assert.Single(shrunk.Commands));
        Assert.True(reclaim.InHandle);
        Assert.Equal(1, shrunk.UnusedInodes);
        Assert.Contains("reclaiming for an allocation without __GFP_FS (GFP_NOFS), called ->clear_inode (the inode cache's shrinker)", failure.Message);
    }

    /// <summary>
    /// To 3.11 the inode cache counts its unused inodes in hundreds: the same fault is found only
    /// in the cases with a hundred unused inodes, and the shrunk case keeps them (one is no count,
    /// so shrink_slab's delta is 0 and the shrinker is never asked to scan).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20, "->clear_inode")]
    [InlineData(KernelEra.V2_6_29, "->clear_inode")]
    [InlineData(KernelEra.V2_6_36, "->evict_inode")]
    public void To_3_11_a_shrinker_that_ignores_the_missing_GFP_FS_is_caught_with_a_hundred_unused_inodes(KernelEra era, string entry)
    {
        var (failure, shrunk) = Fails(era, new Faults { ShrinkerIgnoresGfpFs = true });

        var reclaim = Assert.IsType<ReclaimCommand>(Assert.Single(shrunk.Commands));
        Assert.True(reclaim.InHandle);
        Assert.Equal(WritebackCase.HundredUnusedInodes, shrunk.UnusedInodes);
        Assert.Contains($"reclaiming for an allocation without __GFP_FS (GFP_NOFS), called {entry} (the inode cache's shrinker)", failure.Message);
    }

    /// <summary>The property run with <paramref name="faults"/> on <paramref name="era"/>: its failure and the case it shrank to.</summary>
    private (PropertyFailedException Failure, WritebackCase Shrunk) Fails(KernelEra era, Faults faults)
    {
        WritebackCase? shrunk = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            WritebackProperties.NofsReclaimName,
            WritebackProperties.NofsReclaim(era, faults, c => shrunk = c),
            TestBudget.Options));
        output.WriteLine(failure.Message);
        Assert.NotNull(shrunk);
        return (failure, shrunk);
    }
}
