using Wbcheck.Model.Runtime;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Memcg;

/// <summary>
/// bdi-&gt;wb_switch_rwsem (7fc5854f8c6e, 5.0; KernelEras.SyncExcludesWbSwitches): sync_inodes_sb
/// holds it for writing over its works, the switch work takes it for reading around the move.
/// Until 5.4 inode_switch_wbs also gave up at once while sync held it (down_read_trylock); from
/// 5.4 the in-flight cap bounds the switches instead and a switch asked for during sync is queued,
/// its work waiting. The race it closes is cgwb-sync-vs-switch's (CgwbSyncVsSwitchTests).
/// </summary>
public sealed class WbSwitchRwsemTests
{
    [Theory]
    [InlineData(KernelEra.V4_20, true)]
    [InlineData(KernelEra.V5_0, false)]
    [InlineData(KernelEra.V6_9, true)]
    public void A_switch_asked_for_while_sync_holds_the_rwsem_is_dropped_only_from_5_0_to_5_3(KernelEra era, bool queued)
    {
        var (world, inode, memcg) = InodeSwitchWbsTests.ChargedToJob(era);
        var rwsem = world.Kernel.BackingDev.WbSwitchRwsem;
        var runtime = world.Kernel.Runtime;

        world.Run(async () =>
        {
            await rwsem.DownWrite(runtime, new StepLabel("bdi_down_write_wb_switch_rwsem"));
            world.Throttle.InodeSwitchWbs(inode, memcg);
            rwsem.UpWrite(runtime);
        });

        Assert.Equal(queued, inode.WbSwitch);
        Assert.Equal(queued ? 1 : 0, world.Throttle.IswNrInFlight);
        Assert.Equal(0, rwsem.Readers);
        Assert.Null(rwsem.Writer);
    }

    [Fact]
    public void A_second_writer_or_a_reader_waits_for_the_writer_and_a_writer_for_the_readers()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        var rwsem = world.Kernel.BackingDev.WbSwitchRwsem;

        Assert.True(rwsem.DownReadTrylock());
        Assert.True(rwsem.DownReadTrylock());
        Assert.Equal(2, rwsem.Readers);
        rwsem.UpRead(world.Kernel.Runtime);
        rwsem.UpRead(world.Kernel.Runtime);
        Assert.Equal(0, rwsem.Readers);

        // A writer holding it: the trylock fails, and the sequential runtime reports that the
        // reader's down_read would block rather than hang.
        world.Run(async () =>
        {
            await rwsem.DownWrite(world.Kernel.Runtime, new StepLabel("down_write"));
            Assert.False(rwsem.DownReadTrylock());
            await Assert.ThrowsAsync<WouldBlockException>(async () => await rwsem.DownRead(world.Kernel.Runtime, new StepLabel("down_read")));
            rwsem.UpWrite(world.Kernel.Runtime);
        });
    }
}
