using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Locking;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The truncate monitor's "no page left in the range" is truncate's postcondition. A punch inside
/// i_size by a filesystem with no lock against faults in its era (ext4 before ea3d7209ca01, 4.5;
/// any other before 730633f0b7f9, 5.15) was never promised it: a fault may read a page of the range
/// back in while the punch runs, and the monitor lets that page be. It stays strict for a
/// truncation to EOF, for a page past i_size, after the punch, and where the era's filesystem has
/// the lock, even when the punch skipped it (docs/eras.md section 129).
/// </summary>
public sealed class TruncateMonitorPunchTests
{
    /// <summary>Four cached pages, a punch of <paramref name="fs"/> holding its locks (the one against faults returned), and the monitor told of it.</summary>
    private static (World World, TruncateMonitor Monitor, RwSemaphore? Held) Punching(KernelEra era, SimpleFsOptions? fs = null, Faults? faults = null)
    {
        var world = new World(pages: 4, dirty: false, config: new KernelConfig { Era = era, Faults = faults ?? Faults.None }, fs: fs);
        var monitor = new TruncateMonitor();
        world.Kernel.Observers.Add(monitor);
        var held = world.Run(() => world.Fs.PunchLockDown(world.Inode, 0));
        return (world, monitor, held);
    }

    [Theory]
    [InlineData(KernelEra.V3_19, false)]
    [InlineData(KernelEra.V3_19, true)]
    [InlineData(KernelEra.V4_13, false)]
    public void A_page_read_back_into_a_punch_without_the_lock_is_let_be(KernelEra era, bool ext4)
    {
        var (world, monitor, _) = Punching(era, SimpleFsOptions.Default with { Ext4MmapSem = ext4 });

        monitor.TruncateEnded(world.Mapping, 0, 1);
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void Where_the_era_has_the_lock_a_page_left_is_reported_even_if_the_punch_skipped_it(KernelEra era)
    {
        var (world, monitor, held) = Punching(era, SimpleFsOptions.Default with { Ext4MmapSem = true }, new Faults { PunchSkipsInvalidateLock = true });

        Assert.Null(held);
        var violation = Assert.Throws<InvariantViolationException>(() => monitor.TruncateEnded(world.Mapping, 0, 1));
        Assert.Contains("page 0 of", violation.Message);
    }

    [Fact]
    public void A_truncation_to_eof_is_held_to_it_during_an_unlocked_punch()
    {
        var (world, monitor, _) = Punching(KernelEra.V3_19);

        var violation = Assert.Throws<InvariantViolationException>(() => monitor.TruncateEnded(world.Mapping, 1, long.MaxValue));
        Assert.Contains("page 1 of", violation.Message);
    }

    [Fact]
    public void A_page_past_i_size_is_reported_during_an_unlocked_punch()
    {
        var (world, monitor, _) = Punching(KernelEra.V3_19);
        world.Inode.SizePages = 1;

        var violation = Assert.Throws<InvariantViolationException>(() => monitor.TruncateEnded(world.Mapping, 0, 1));
        Assert.Contains("page 1 of", violation.Message);
    }

    [Fact]
    public void After_the_punch_a_truncation_is_held_to_it_again()
    {
        var world = new World(pages: 4, dirty: false, config: new KernelConfig { Era = KernelEra.V3_19 });
        var monitor = new TruncateMonitor();
        world.Kernel.Observers.Add(monitor);
        world.Run(async () => world.Fs.PunchUnlock(world.Inode, await world.Fs.PunchLockDown(world.Inode, 0)));

        var violation = Assert.Throws<InvariantViolationException>(() => monitor.TruncateEnded(world.Mapping, 0, 1));
        Assert.Contains("page 0 of", violation.Message);
    }

}
