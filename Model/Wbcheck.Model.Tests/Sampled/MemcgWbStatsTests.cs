using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// mem_cgroup_wb_stats (4.19, 6.9): the memcg's NR_FILE_DIRTY and NR_WRITEBACK, which
/// balance_dirty_pages adds up as the memcg domain's dirty pages (mdtc-&gt;dirty = dirty +
/// writeback): a page under writeback counts as writeback, not as dirty.
/// </summary>
public sealed class MemcgWbStatsTests
{
    [Fact]
    public void Pages_under_writeback_count_as_the_memcgs_writeback()
    {
        var world = new World(pages: 3);
        var memcg = new MemCgroup("job", 50);
        memcg.Charge(world.Mapping);

        world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 2 }));

        Assert.Equal(new MemcgWbStats(FilePages: 3, Headroom: 47, Dirty: 1, Writeback: 2), memcg.WbStats());
    }
}
