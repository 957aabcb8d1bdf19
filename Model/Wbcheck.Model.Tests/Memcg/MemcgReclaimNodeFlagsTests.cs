using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// Before 4.18 a memcg's limit reclaim flags the zone (node) from its batches as global reclaim
/// does (<see cref="Vmscan"/>'s MemcgFlagReclaimAfterBatch): shrink_inactive_list set
/// ZONE_WRITEBACK / PGDAT_WRITEBACK after a batch all under writeback outside its global_reclaim
/// (3.11) or sane_reclaim (4.2) test, so for any memcg, and ZONE_DIRTY / PGDAT_DIRTY after a batch
/// of unqueued dirty pages inside it, so for a cgroup v2 memcg from 4.2. Andrey Ryabinin's "don't
/// mess with pgdat-&gt;flags in memcg reclaim" (4.18 in the model) left both to kswapd. What the
/// flags change is kswapd: it writes a page it met before only on a node flagged dirty (4.11),
/// and stalls on a marked page under writeback only on one flagged writing back. The memcg's two
/// pages fill its limit; a third page's charge reclaims from them; then kswapd meets page 0,
/// which the memcg's reclaim marked PG_reclaim.
/// </summary>
public sealed class MemcgReclaimNodeFlagsTests
{
    [Theory]
    [InlineData(KernelEra.V3_19, false, false)]
    [InlineData(KernelEra.V4_13, true, true)]
    [InlineData(KernelEra.V4_13, false, false)]
    [InlineData(KernelEra.V4_17, true, true)]
    [InlineData(KernelEra.V4_17, false, false)]
    [InlineData(KernelEra.V4_20, true, false)]
    public void A_cgroup_v2_memcgs_batch_of_unqueued_dirty_pages_flags_the_node_dirty_for_kswapd_until_4_18(KernelEra era, bool v2, bool kswapdWrites)
    {
        var world = new World(2, dirty: true, new KernelConfig { Era = era });
        new MemCgroup("job", 2) { HardLimit = true, OnDefaultHierarchy = v2 }.Charge(world.Mapping);
        _ = world.Run(() => world.Filemap.FilemapGetFolioForWrite(world.Mapping, 2, Gfp.Kernel));
        var page = world.Page(0);
        Assert.True(page.Dirty && !page.Writeback && page.Reclaim, "the memcg's reclaim left page 0 dirty for the flusher, marked");

        Filemap.FolioGet(page); // isolation
        var result = world.Run(() => world.Kernel.Vmscan.ShrinkFolio(page, kswapd: true));

        Assert.Equal(kswapdWrites, page.Writeback);
        Assert.Equal(!kswapdWrites, page.Dirty);
        Assert.NotEqual(ReclaimResult.Freed, result);
    }

    [Theory]
    [InlineData(KernelEra.V3_19, false, Gfp.NoIo, true)]
    [InlineData(KernelEra.V4_13, true, Gfp.Kernel, true)]
    [InlineData(KernelEra.V4_13, false, Gfp.NoFs, true)]
    [InlineData(KernelEra.V4_17, true, Gfp.Kernel, true)]
    [InlineData(KernelEra.V4_20, true, Gfp.Kernel, false)]
    public void Any_memcgs_batch_all_under_writeback_flags_the_node_writing_back_for_kswapd_until_4_18(KernelEra era, bool v2, Gfp gfp, bool kswapdStalls)
    {
        // The gfp masks keep a cgroup v1 memcg's reclaim from waiting on the pages (it waits on
        // a marked page with __GFP_IO to 4.1, __GFP_FS from 4.2): the batch passes them over.
        var world = new World(2, dirty: true, new KernelConfig { Era = era });
        new MemCgroup("job", 2) { HardLimit = true, OnDefaultHierarchy = v2 }.Charge(world.Mapping);
        _ = world.Run(() => world.Kernel.PageWriteback.DoWritepages(world.Mapping, WritebackControl.Background(2)));
        _ = world.Run(() => world.Filemap.FilemapGetFolioForWrite(world.Mapping, 2, gfp));
        var page = world.Page(0);
        Assert.True(page.Writeback && page.Reclaim, "the memcg's reclaim passed page 0 over under writeback, marked");

        // kswapd meeting its marked page under writeback on a node flagged writing back counts
        // it as immediate and waits for the disk: the write ends while it waits.
        world.Runtime.RunPendingWhenBlocked = true;
        Filemap.FolioGet(page); // isolation
        var result = world.Run(() => world.Kernel.Vmscan.ShrinkFolio(page, kswapd: true));

        Assert.Equal(kswapdStalls, !page.Writeback);
        Assert.NotEqual(ReclaimResult.Freed, result);
        world.AssertInvariants();
    }
}
