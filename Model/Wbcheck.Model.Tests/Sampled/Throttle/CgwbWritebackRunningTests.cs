using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_workfn (4.19, 6.9) sets WB_writeback_running before wb_do_writeback and clears it after:
/// writeback_in_progress(wb), which balance_dirty_pages reads to decide whether to wake the
/// flusher, is true for as long as a cgwb's flusher writes, and false once it has finished.
/// </summary>
public sealed class CgwbWritebackRunningTests
{
    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_cgwb_s_writeback_is_in_progress_in_every_pass_of_its_flusher(KernelEra era)
    {
        // 100 pages (background threshold 10), passes of 4 pages; the job's 20 dirty pages are
        // over it, so the flusher takes several passes.
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era });
        world.Runtime.RunPendingOnTimedSleep = true;
        var memcg = new MemCgroup("job", 50);
        var file = world.AddFile(dirty: 20, memcg: memcg);

        var wb = memcg.Wb!;
        var passes = new RunningAtEachPass();
        world.Kernel.Observers.Add(passes);
        Assert.False(wb.WritebackRunning);

        world.Throttle.WbStartBackgroundWriteback(wb);
        world.RunAllPending();

        Assert.True(passes.Running.Count >= 2, $"{passes.Running.Count} pass(es)");
        Assert.All(passes.Running, Assert.True);
        Assert.False(wb.WritebackRunning);
    }

    /// <summary>writeback_in_progress(wb) at the start of each pass of a cgwb's flusher.</summary>
    private sealed class RunningAtEachPass : IKernelObserver
    {
        public List<bool> Running { get; } = [];

        public void WbFlusherPass(CgroupWb wb) => Running.Add(wb.WritebackRunning);
    }
}
