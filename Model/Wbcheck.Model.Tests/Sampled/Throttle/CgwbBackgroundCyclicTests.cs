using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_check_background_flush (4.19, 6.9) writes with a range_cyclic work (".range_cyclic = 1"):
/// a cgwb's background writeout of a file starts where the last pass over it left off
/// (writeback_index), not at page 0, so a writer that keeps dirtying the start of a file does not
/// hold back the pages after it.
/// </summary>
public sealed class CgwbBackgroundCyclicTests
{
    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_cgwb_s_background_writeout_starts_at_the_files_writeback_index(KernelEra era)
    {
        // 100 pages (background threshold 10), passes of 4 pages; the job's file has 20 dirty
        // pages and writeback_index 16.
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era });
        world.Runtime.RunPendingOnTimedSleep = true;
        var memcg = new MemCgroup("job", 50);
        var file = world.AddFile(dirty: 20, memcg: memcg);

        file.Mapping.WritebackIndex = 16;

        world.Throttle.WbStartBackgroundWriteback(memcg.Wb!);
        world.RunAllPending();

        // The first pass's chunk of 4 pages is 16-19, from writeback_index (a pass from page 0
        // would write 0-3); the flusher has stopped after it here.
        var dirty = string.Concat(Enumerable.Range(0, 20).Select(index => file.Mapping.Pages.Load(index)!.Dirty ? 'D' : '.'));
        Assert.Equal("DDDDDDDDDDDDDDDD....", dirty);
    }
}
