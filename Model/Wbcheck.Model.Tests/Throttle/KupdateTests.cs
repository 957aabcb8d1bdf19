using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>The kernel's intervals: kupdate every 500 jiffies, data old after 3000.</summary>
public sealed class KupdateTests
{
    [Fact]
    public void Kupdate_writes_back_only_inodes_dirty_for_longer_than_the_expire_interval()
    {
        var world = new ThrottleWorld();
        var old = world.AddFile(dirty: 3);
        world.Kernel.Timers.Advance(10);
        var young = world.AddFile(dirty: 4);
        world.Kernel.Timers.Advance(2995);

        world.Run(() => world.Throttle.WbKupdate(0));

        // At 3005 data dirtied at 5 or earlier is old: the first file, not the second.
        Assert.Equal(3, world.PagesSubmitted);
        Assert.Equal(Fs.InodeState.None, old.State);
        Assert.Equal(Fs.InodeState.DirtyPages, young.State);
    }

    [Fact]
    public void Kupdate_runs_again_one_interval_after_it_began()
    {
        // Pdflush's wb_kupdate; from 2.6.32 the flusher sleeps an interval from a run's end, and
        // only while the disk has dirty io (FlusherSleepTests).
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V2_6_29 });
        world.Kernel.Timers.Advance(1000);

        world.Run(() => world.Throttle.WbKupdate(0));

        Assert.True(world.Throttle.WbTimer.Pending);
        Assert.Equal(1500, world.Throttle.WbTimer.Expires);
    }

    [Fact]
    public void A_kupdate_run_longer_than_the_interval_leaves_a_second_before_the_next()
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, NrRequests = 1 }, config: KernelConfig.Default with { Era = KernelEra.V2_6_20 });
        world.AddFile(dirty: 1);
        world.AddFile(dirty: 1);
        world.Kernel.Timers.Advance(3000);

        // The first file's write congests the queue, so kupdate waits for it (2.6.20: writeback
        // of inodes still stops at a congested queue); meanwhile the timer interrupt lets 600
        // jiffies pass.
        world.Runtime.Spawn("timer interrupt", () =>
        {
            world.Kernel.Timers.Advance(600);
            return Task.CompletedTask;
        });
        world.Run(() => world.Throttle.WbKupdate(0));

        Assert.Equal(2, world.PagesSubmitted);
        Assert.Equal(3600, world.Jiffies);
        Assert.Equal(3600 + Timers.Hz, world.Throttle.WbTimer.Expires);
    }

    [Fact]
    public void With_a_zero_interval_kupdate_does_not_run_again()
    {
        var world = new ThrottleWorld(sysctls: VmSysctls.V2_6_20Default with { DirtyWritebackInterval = 0 });

        world.Run(() => world.Throttle.WbKupdate(0));

        Assert.False(world.Throttle.WbTimer.Pending);
    }

    [Fact]
    public void The_timer_set_at_boot_hands_kupdate_to_pdflush_every_interval()
    {
        // Pdflush's eras; from 2.6.32 the flusher's timed wake-up (TimerFlushEraTests, FlusherSleepTests).
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V2_6_29 });
        world.AddFile(dirty: 2);
        world.Throttle.PageWritebackInit();
        Assert.Equal(500, world.Throttle.WbTimer.Expires);

        world.Kernel.Timers.Advance(500);
        Assert.Equal(["pdflush wb_kupdate"], world.PendingNames);
        world.RunAllPending();

        // Not old yet at 500; next run at 1000.
        Assert.Equal(0, world.PagesSubmitted);
        Assert.Equal(1000, world.Throttle.WbTimer.Expires);

        world.Kernel.Timers.Advance(2500);
        world.RunAllPending();
        Assert.Equal(2, world.PagesSubmitted);
    }

    [Fact]
    public void With_every_pdflush_thread_busy_the_timer_tries_again_a_second_later()
    {
        // Pdflush's eras; from 2.6.32 the flusher refuses nothing (TimerFlushEraTests).
        var world = new ThrottleWorld(new Machine { TotalPages = 100, PdflushThreads = 1 }, config: KernelConfig.Default with { Era = KernelEra.V2_6_29 });
        world.Throttle.PageWritebackInit();
        world.Throttle.WakeupPdflush(1);

        world.Kernel.Timers.Advance(500);

        Assert.Equal(["pdflush background_writeout"], world.PendingNames);
        Assert.Equal(600, world.Throttle.WbTimer.Expires);
    }

    [Fact]
    public void Writing_the_interval_sysctl_rearms_or_stops_kupdate()
    {
        var world = new ThrottleWorld();
        world.Kernel.Timers.Advance(7);

        world.Throttle.WriteSysctls(world.Throttle.Sysctls with { DirtyWritebackInterval = 100 });
        Assert.Equal(107, world.Throttle.WbTimer.Expires);

        world.Throttle.WriteSysctls(world.Throttle.Sysctls with { DirtyWritebackInterval = 0 });
        Assert.False(world.Throttle.WbTimer.Pending);
    }
}
