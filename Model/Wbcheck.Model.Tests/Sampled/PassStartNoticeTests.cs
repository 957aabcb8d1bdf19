using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// Every era's writeback walker tells the monitors when a pass begins (the integrity check
/// starts owing a WB_SYNC_ALL pass the pages dirty then): 2.5's mpage_writepages over the
/// io_pages list as much as write_cache_pages and writeback_iter.
/// </summary>
public sealed class PassStartNoticeTests
{
    [Theory]
    [InlineData(KernelEra.V2_5)]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_pass_over_a_file_tells_the_monitors_it_began(KernelEra era)
    {
        var world = new World(pages: 2, config: new KernelConfig { Era = era });
        var watch = new PassWatch();
        world.Kernel.Observers.Add(watch);

        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));

        Assert.Equal([(world.Mapping, WritebackSyncMode.All)], watch.Started);
    }
}
