using Wbcheck.Model.Mm.Throttle.IoLess;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// <see cref="Faults.IoLessRateZeroOverFreerun"/> takes the dirtier's rate as zero over the
/// freerun ceiling. A rate of zero takes balance_dirty_pages' own branch for it ("if
/// (unlikely(task_ratelimit == 0)) { period = max_pause; pause = max_pause; goto pause; }") [R]:
/// the task sleeps max_pause, its clock is not moved on, and the loop is not left after the pause
/// ("if (task_ratelimit) break;" does not apply), so the dirtier looks again and may pause again.
/// A small rate would go the other way: its period (HZ x pages / rate) is over max_pause, the pause
/// is cut to max_pause, the rest (up to another max_pause) is made up by moving now on, and the task
/// leaves after that one pause. The fault's property tests (RunningThrottlePropertyTests) are not in
/// the model stage; this is its model test.
/// </summary>
public sealed class RateZeroFaultPauseTests
{
    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void The_faults_zero_rate_pauses_max_pause_without_moving_the_clock_on_and_looks_again(KernelEra era)
    {
        // 100 pages: thresholds 10 and 40, ceiling 25, and 30 dirty pages: over the ceiling,
        // under the limit. max_pause = 30 / (1 + 25,600 / 16) + 1 = 1 jiffy. With the zero rate
        // the dirtier is let go at jiffy 2 with dirty_paused_when 2. A rate of 1 page a second
        // (period 100 jiffies) would leave after the first pause, at jiffy 1, with now moved on by
        // one max_pause: dirty_paused_when 1 + 1 = 2, at jiffy 1.
        var world = new ThrottleWorld(faults: Faults.None with { IoLessRateZeroOverFreerun = true }, config: KernelConfig.Default with { Era = era });
        world.Runtime.RunPendingOnTimedSleep = true;
        var file = world.AddFile(dirty: 30);
        var pausedWhen = 0L;

        world.Run(async () =>
        {
            await world.Throttle.BalanceDirtyPagesDtc(file.Mapping, 1, BdpFlags.None);
            pausedWhen = world.Throttle.CurrentDirtied.DirtyPausedWhen;
        });

        Assert.Equal((2L, 2L), (world.Jiffies, pausedWhen));
    }
}
