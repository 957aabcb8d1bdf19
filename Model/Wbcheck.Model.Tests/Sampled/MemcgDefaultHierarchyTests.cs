using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A memcg made without naming its hierarchy is on cgroup v2 (the default hierarchy, as a
/// systemd machine mounts it), whose limit reclaim does not wait on a page under writeback from
/// 4.2 (shrink_page_list's sane_reclaim / writeback_throttling_sane: "if (!sane_reclaim(sc))
/// ... wait_on_page_writeback" only for legacy memcg reclaim): a GFP_KERNEL charge over the
/// hard limit, with both of the memcg's pages under writeback and marked PG_reclaim by an
/// earlier scan, goes past them instead of waiting for I/O that nothing completes here.
/// MemcgLimitReclaimTests names the hierarchy every time.
/// </summary>
public sealed class MemcgDefaultHierarchyTests
{
    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void A_memcg_made_with_the_defaults_reclaims_as_cgroup_v2_and_does_not_wait_on_writeback(KernelEra era)
    {
        var world = new World(2, dirty: true, new KernelConfig { Era = era });
        new MemCgroup("job", 2) { HardLimit = true }.Charge(world.Mapping);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        world.Page(0).Reclaim = true;
        world.Page(1).Reclaim = true;

        _ = world.Run(() => world.Filemap.FilemapGetFolioForWrite(world.Mapping, 2, Gfp.Kernel));

        Assert.True(world.Page(0).Writeback && world.Page(1).Writeback);
    }
}
