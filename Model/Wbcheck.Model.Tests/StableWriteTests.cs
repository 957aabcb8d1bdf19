using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>A buffered write, like a store through a mapping, waits for the I/O of a page on a device that needs stable pages.</summary>
public sealed class StableWriteTests
{
    [Fact]
    public void A_write_waits_for_the_io_of_a_page_on_a_device_that_needs_stable_pages()
    {
        var (world, _) = PageUnderIo(KernelEra.V6_9, stableWrites: true, Faults.None);
        var file = world.Kernel.Open(world.Inode);

        var blocked = Assert.Throws<WouldBlockException>(() => world.Run(() => world.Filemap.GenericFileWriteIter(file, 0)));

        Assert.Contains("writeback", blocked.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KernelEra.V6_9, false)] // the device does not need them
    [InlineData(KernelEra.V2_6_36, true)] // before wait_for_stable_page
    public void A_write_does_not_wait_where_nothing_asks_it_to(KernelEra era, bool stableWrites)
    {
        var (world, _) = PageUnderIo(era, stableWrites, Faults.None);
        var file = world.Kernel.Open(world.Inode);

        world.Run(() => world.Filemap.GenericFileWriteIter(file, 0));

        Assert.True(world.Page(0).Writeback);
        Assert.True(world.Page(0).Dirty);
    }

    [Fact]
    public void A_write_that_skips_the_wait_changes_data_in_flight_and_the_invariant_says_so()
    {
        var (world, stable) = PageUnderIo(KernelEra.V6_9, stableWrites: true, new Faults { NoStablePageWait = true });
        var file = world.Kernel.Open(world.Inode);
        Assert.Null(stable.Check());

        world.Run(() => world.Filemap.GenericFileWriteIter(file, 0));

        Assert.Matches("changed from v\\d+ to v\\d+ while bio \\d+ writing it is in flight on a device that needs stable pages", stable.Check());
    }

    private static (World World, StablePages Stable) PageUnderIo(KernelEra era, bool stableWrites, Faults faults)
    {
        var world = new World(pages: 1, config: new KernelConfig { Era = era, Faults = faults });
        world.Kernel.BackingDev.StableWrites = stableWrites;
        var stable = new StablePages(world.Kernel);
        world.Kernel.Observers.Add(stable);
        world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Background(16)));
        Assert.True(world.Page(0).Writeback);
        return (world, stable);
    }
}
