using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>Laptop mode with a 500-jiffy quiet spell.</summary>
public sealed class LaptopModeTests
{
    private static ThrottleWorld World() => new(sysctls: VmSysctls.V2_6_20Default with { LaptopMode = 500 });

    [Fact]
    public void Each_write_completion_pushes_the_full_sync_back_a_quiet_spell()
    {
        var world = World();
        var file = world.AddFile(dirty: 2);

        world.StartWriteback(file, 1);
        world.RunAllPending();
        Assert.Equal(500, world.Throttle.LaptopModeWbTimer.Expires);

        world.Kernel.Timers.Advance(100);
        world.StartWriteback(file, 1);
        world.RunAllPending();
        Assert.Equal(600, world.Throttle.LaptopModeWbTimer.Expires);
    }

    [Fact]
    public void After_the_quiet_spell_pdflush_syncs_everything_and_the_sync_cancels_its_own_flush()
    {
        // One pdflush thread: the flush has it, so the sync's wakeup_pdflush finds none free and
        // the sequential executor runs only I/O completions while the sync waits.
        // Pdflush's eras; from 2.6.32 the flusher writes everything, no sync (TimerFlushEraTests).
        var world = new ThrottleWorld(new Machine { TotalPages = 100, PdflushThreads = 1 }, VmSysctls.V2_6_20Default with { LaptopMode = 500 }, config: KernelConfig.Default with { Era = KernelEra.V2_6_29 });
        var file = world.AddFile(dirty: 5);
        world.StartWriteback(file, 1);
        world.RunAllPending();

        world.Kernel.Timers.Advance(500);
        Assert.Equal(["pdflush laptop_flush"], world.PendingNames);
        world.Runtime.RunPending(0);

        // The sync waited for its writes; their completions re-armed the flush, then it was cancelled.
        Assert.Equal(0, world.Vmstat.NrFileDirty);
        Assert.Equal(0, world.Vmstat.NrWriteback);
        Assert.False(world.Throttle.LaptopModeWbTimer.Pending);
    }

    [Fact]
    public void Out_of_laptop_mode_completions_set_no_flush()
    {
        var world = new ThrottleWorld();
        var file = world.AddFile(dirty: 1);

        world.StartWriteback(file, 1);
        world.RunAllPending();

        Assert.False(world.Throttle.LaptopModeWbTimer.Pending);
    }
}
