using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// balance_dirty_pages of 3.18 (the model's 3.19 era), a look whose pause is under min_pause
/// with a period of its own and under a second of think time: "else if (period) {
/// dirty_paused_when += period; nr_dirtied = 0; }". The pages the period paid for are counted
/// as paid: the task's count starts again from 0, and its clock moves by the period only.
/// </summary>
public sealed class IoLessShortPauseTests
{
    private static readonly TaskStruct Dd = new() { Comm = "dd", Cpu = 0 };

    [Fact]
    public void A_short_pause_with_a_period_starts_the_count_again_and_moves_the_clock_by_the_period()
    {
        // As IoLessThinkTimeTests: at jiffy 50 dd looks under the freerun ceiling (24 dirty
        // pages): dirty_paused_when 50, nr_dirtied 0, nr_dirtied_pause 4. The disk's dirty
        // ratelimit is 100 pages a second (the estimate at jiffy 150 is skipped: more than a
        // second since the last). At jiffy 150 dd's 4th page looks at 28 dirty pages, under the
        // setpoint 32: a task rate above 100 and under 200, so a period for 4 pages of 2 or 3
        // jiffies, and pause = period - 100: under min_pause, not under -HZ.
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V3_19 });
        world.Throttle.WritebackSetRatelimitIoLess();
        world.Throttle.BwOf(null).DirtyRatelimit = 100;
        var file = world.Kernel.Open(world.AddFile(dirty: 8));
        world.Kernel.Timers.Advance(50);
        Write(world, file, 8, 16);
        var dd = world.Throttle.DirtiedBy(Dd);
        Assert.Equal((50L, 0, 4), (dd.DirtyPausedWhen, dd.NrDirtied, dd.NrDirtiedPause));

        world.Kernel.Timers.Advance(100);
        Write(world, file, 24, 4);

        Assert.Equal((150L, 0, 4), (world.Jiffies, dd.NrDirtied, dd.NrDirtiedPause));
        Assert.InRange(dd.DirtyPausedWhen, 52L, 53L);
    }

    private static void Write(ThrottleWorld world, OpenFile file, long first, int pages) => world.Run(async () =>
    {
        for (var index = first; index < first + pages; index++)
        {
            await world.Kernel.Filemap.GenericFileWriteIter(file, index);
        }
    }, Dd);
}
