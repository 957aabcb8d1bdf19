using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// balance_dirty_pages of 3.18 (the model's 3.19 era), a look over the freerun ceiling whose
/// pause, period less the think time since the task's last pause, is under min_pause: "if
/// (pause &lt; -HZ) { dirty_paused_when = now; nr_dirtied = 0; } else if (period) {
/// dirty_paused_when += period; nr_dirtied = 0; } else if (nr_dirtied_pause &lt;= pages_dirtied)
/// nr_dirtied_pause += pages_dirtied". Exactly a second of think time is still credited (the
/// reset is for more than a second), and a period of 0 leaves the task's clock alone.
/// </summary>
public sealed class IoLessThinkTimeTests
{
    private static readonly TaskStruct Dd = new() { Comm = "dd", Cpu = 0 };

    [Fact]
    public void Exactly_a_second_of_think_time_keeps_the_task_s_clock()
    {
        // 100 pages: thresholds 10 and 40, freerun ceiling 25, ratelimit_pages 16. 8 pages are
        // dirty; at jiffy 50 dd dirties 16 more: bdp_ratelimits reaches 16, so it looks, at 24
        // dirty pages, under the ceiling: dirty_paused_when = 50, nr_dirtied = 0,
        // nr_dirtied_pause = dirty_poll_interval(24, 40) = 1 << (ilog2(40 - 24) >> 1) = 4.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        world.Throttle.WritebackSetRatelimitIoLess();
        var file = world.Kernel.Open(world.AddFile(dirty: 8));
        world.Kernel.Timers.Advance(50);
        Write(world, file, 8, 16);
        var dd = world.Throttle.DirtiedBy(Dd);
        Assert.Equal((50L, 0, 4), (dd.DirtyPausedWhen, dd.NrDirtied, dd.NrDirtiedPause));

        // A second later (HZ = 100 jiffies, jiffy 150) dd dirties 4 more: its 4th looks, at 28
        // dirty pages, over the ceiling. dirty_ratelimit is still INIT_BW (25,600 pages a
        // second: the estimate skips a quiet spell of more than a second), and 28 is under the
        // setpoint (25 + 40) / 2 = 32, so the task's rate is over 25,600 and its period for 4
        // pages 100 x 4 / 25,600 = 0 jiffies. pause = 0 - (150 - 50) = -100 = -HZ: under
        // min_pause, not under -HZ, period 0, so only nr_dirtied_pause grows (4 <= 4: 4 + 4).
        world.Kernel.Timers.Advance(100);
        Write(world, file, 24, 4);

        Assert.Equal((50L, 4, 8), (dd.DirtyPausedWhen, dd.NrDirtied, dd.NrDirtiedPause));
    }

    [Fact]
    public void More_than_a_second_of_think_time_resets_the_task_s_clock_and_count()
    {
        // As above to jiffy 50 (dirty_paused_when 50, nr_dirtied 0, nr_dirtied_pause 4), then
        // the 4 pages at jiffy 151: period 0 again, pause = 0 - (151 - 50) = -101 < -HZ: the
        // task is taken for a light dirtier, dirty_paused_when = now = 151 and nr_dirtied = 0;
        // nr_dirtied_pause is not touched (4).
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        world.Throttle.WritebackSetRatelimitIoLess();
        var file = world.Kernel.Open(world.AddFile(dirty: 8));
        world.Kernel.Timers.Advance(50);
        Write(world, file, 8, 16);
        var dd = world.Throttle.DirtiedBy(Dd);
        world.Kernel.Timers.Advance(101);
        Write(world, file, 24, 4);

        Assert.Equal((151L, 0, 4), (dd.DirtyPausedWhen, dd.NrDirtied, dd.NrDirtiedPause));
    }

    private static void Write(ThrottleWorld world, OpenFile file, long first, int pages) => world.Run(async () =>
    {
        for (var index = first; index < first + pages; index++)
        {
            await world.Kernel.Filemap.GenericFileWriteIter(file, index);
        }
    }, Dd);
}
