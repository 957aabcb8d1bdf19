using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wakeup_flusher_threads from reclaim (4.19, 6.9: wb_start_writeback): "Places like vmscan can
/// call this at a very high frequency ... Ensure that we only allow one of them pending and
/// inflight at the time" (WB_start_all): a second wake while the first's work is still pending
/// queues nothing more: WB_start_all is set once, and the root wb's flusher thread woken once
/// (<see cref="Fs.FsWriteback.WbStartWriteback"/>).
/// </summary>
public sealed class ReclaimFlusherWakeOnceTests
{
    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void Two_wakes_from_reclaim_queue_one_flusher_work(KernelEra era)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, PdflushThreads = 4 }, config: KernelConfig.Default with { Era = era });
        world.AddFile(dirty: 20);

        world.Run(() =>
        {
            world.Throttle.WakeupFlusherThreads(0);
            world.Throttle.WakeupFlusherThreads(0);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(["flusher"], world.PendingNames);
        Assert.True(world.Kernel.FsWriteback.StartAllPending);
    }
}
