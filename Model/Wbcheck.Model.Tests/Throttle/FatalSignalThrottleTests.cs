using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// balance_dirty_pages' fatal-signal look (3.19 era on, <see cref="OomEras.BalanceDirtyPagesQuitsOnFatalSignal"/>):
/// a task the OOM killer has killed leaves the I/O-less loop after its pause, where a task
/// whose rate is zero (dirty memory over the hard limit) pauses again until the flusher has
/// brought memory back under it. The machine: 100 pages, thresholds 10 and 40, 60 dirty pages,
/// and a flusher that is woken but never runs.
/// </summary>
public sealed class FatalSignalThrottleTests
{
    private static readonly TaskStruct Dd = new() { Comm = "dd", Cpu = 0 };

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void An_OOM_victim_over_the_hard_limit_leaves_the_throttle_after_one_pause(KernelEra era)
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = era });
        world.Throttle.WritebackSetRatelimitIoLess();
        var file = world.AddFile(dirty: 60);

        world.Run(async () =>
        {
            world.Kernel.PageAlloc.Oom.OutOfMemory("a page");

            // The era's loop, for the one page the task has dirtied (the 4.13 era on: over a dirty_throttle_control).
            if (era == KernelEra.V3_19)
            {
                await world.Throttle.BalanceDirtyPagesIoLess(file.Mapping, 1);
            }
            else
            {
                _ = await world.Throttle.BalanceDirtyPagesDtc(file.Mapping, 1, BdpFlags.None);
            }
        }, Dd);

        // One pause of at most max_pause (200 ms), nothing written: without the look the task
        // pauses for ever, the flusher never running.
        Assert.InRange(world.Jiffies, 1, Timers.Hz / 5);
        Assert.Equal(0, world.PagesSubmitted);
        Assert.Equal(60, world.Vmstat.NrFileDirty);
    }
}
