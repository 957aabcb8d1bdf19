using Wbcheck.Model.Time;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// congestion_wait on the legacy request path, whose free of a write request clears the disk's
/// congested bit and wakes the waiters (4.20, its last era; 5.0's blk-mq does neither:
/// RequestQueueWaitTests.From_5_0_an_async_write_does_not_end_a_congestion_wait).
/// </summary>
public sealed class CongestionWaitTests
{
    private static readonly KernelConfig LegacyPath = KernelConfig.Default with { Era = KernelEra.V4_20 };

    [Fact]
    public void With_writes_in_flight_the_next_completion_ends_the_wait_and_no_time_passes()
    {
        var world = new ThrottleWorld(config: LegacyPath);
        var file = world.AddFile(dirty: 3);
        world.StartWriteback(file, 3);

        world.Run(() => world.Kernel.BackingDev.CongestionWait(Timers.Hz / 10));

        Assert.Equal(2, world.Kernel.Device.InFlight);
        Assert.Equal(0, world.Jiffies);
    }

    [Fact]
    public void With_nothing_in_flight_the_whole_timeout_passes_and_due_timers_run()
    {
        var world = new ThrottleWorld();
        world.Throttle.WriteSysctls(world.Throttle.Sysctls with { DirtyWritebackInterval = 5 });

        world.Run(() => world.Kernel.BackingDev.CongestionWait(Timers.Hz / 10));

        Assert.Equal(10, world.Jiffies);
        // The default era's flusher woken by its delayed work (the sysctl handler is 2.6.20's).
        Assert.Equal(["pdflush wb_workfn"], world.PendingNames);
    }

    [Fact]
    public void The_queue_is_congested_from_its_threshold_of_writes_in_flight()
    {
        var world = new ThrottleWorld(new Mm.Throttle.Machine { TotalPages = 100, NrRequests = 2 }, config: LegacyPath);
        var file = world.AddFile(dirty: 2);

        world.StartWriteback(file, 1);
        Assert.False(world.Kernel.BackingDev.WriteCongested);
        world.StartWriteback(file, 1);
        Assert.True(world.Kernel.BackingDev.WriteCongested);
    }
}
