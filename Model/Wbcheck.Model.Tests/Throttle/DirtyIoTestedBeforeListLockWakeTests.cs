using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// <see cref="Faults.DirtyIoTestedBeforeListLock"/> moves __mark_inode_dirty's "is this the
/// disk's first dirty inode" test into the i_lock section, as 2.6.39 to 3.11 made it (the race
/// the fault exists for is DirtierVsIdleFlusher's). Moved or not, the test asks the same
/// question of an idle moment: an inode dirtied while the disk already has dirty io asks for no
/// wake-up, so 2.6.36's bdi_wakeup_thread_delayed (mod_timer, which moves a pending timer
/// (KernelEras.FlusherDelayedWakeupKeepsPending) leaves the first inode's wake-up where it was.
/// </summary>
public sealed class DirtyIoTestedBeforeListLockWakeTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_second_dirty_inode_does_not_move_the_first_one_s_delayed_wake_up(bool fault)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100 }, faults: Faults.None with { DirtyIoTestedBeforeListLock = fault }, config: KernelConfig.Default with { Era = KernelEra.V2_6_36 });
        world.Throttle.PageWritebackInit();
        world.AddFile(dirty: 1);
        var expires = world.Throttle.WbTimer.Expires;
        Assert.True(world.Throttle.WbTimer.Pending);

        world.Kernel.Timers.Advance(100);
        world.AddFile(dirty: 1);

        Assert.Equal(expires, world.Throttle.WbTimer.Expires);
    }
}
