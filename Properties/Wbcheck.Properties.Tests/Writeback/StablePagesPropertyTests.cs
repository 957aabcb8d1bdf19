using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Writeback;
using Wbcheck.Properties.Writeback.Commands;
using Wbcheck.Properties.Writeback.Running;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Writeback;

/// <summary>
/// The stable-pages property (docs/page-tables.md, "Buffered writes and stable pages"): its cases
/// put the device's stable-pages flag on three times in four, so the invariant sees buffered
/// writes as well as stores. A write_begin that skips its wait for stable pages (the write fault
/// still waiting) is caught with two commands; a write to a page under I/O waits on 6.9 and
/// changes the data in flight on 2.6.36, where nothing waited.
/// </summary>
public sealed class StablePagesPropertyTests(ITestOutputHelper output)
{
    [Fact]
    public void A_write_begin_that_skips_the_stable_page_wait_is_caught_with_a_write_to_a_page_under_io()
    {
        WritebackCase? shrunk = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            StablePages.Name,
            WritebackProperties.StablePagesHold(KernelEra.V6_9, new Faults { WriteBeginSkipsStableWait = true }, c => shrunk = c),
            TestBudget.Options with { MaxTest = 2_000 }));
        output.WriteLine(failure.Message);

        Assert.NotNull(shrunk);
        Assert.Contains("while bio 1 writing it is in flight on a device that needs stable pages", failure.Message);
        Assert.True(shrunk.StableWrites);
        Assert.Equal(2, shrunk.Commands.Length);
        Assert.IsType<WritebackCommand>(shrunk.Commands[0]);
        Assert.Equal(new WriteCommand(0, 0), shrunk.Commands[1]);
    }

    [Fact]
    public void The_property_holds_on_the_current_era() =>
        PropertyCheck.Run(StablePages.Name, WritebackProperties.StablePagesHold(), TestBudget.Options, output.WriteLine);

    [Theory]
    [InlineData(KernelEra.V6_9, true, false)]
    [InlineData(KernelEra.V6_9, false, false)]
    [InlineData(KernelEra.V2_6_36, true, true)]
    [InlineData(KernelEra.V2_6_36, false, false)]
    public void A_write_to_a_page_under_io_breaks_stable_pages_only_where_nothing_waits_and_the_device_needs_them(KernelEra era, bool stableWrites, bool breaks)
    {
        var @case = new WritebackCase(
            [new FileSetup(1, "d", [], 0)],
            WritebackCase.DefaultBatchSize,
            Aggregate: false,
            [new WritebackCommand(0, WbcSpec.WholeFile(syncAll: false)), new WriteCommand(0, 0)])
        {
            StableWrites = stableWrites,
        };
        var world = new WritebackWorld(@case, WorldOptions.Default with { Era = era, Watched = Watched.StablePages });

        var failure = world.Run();

        output.WriteLine(string.Join("\n", world.Log));
        Assert.Equal(breaks, failure is not null);
        if (failure is not null)
        {
            Assert.Equal(StablePages.Name, failure.Invariant);
            Assert.Contains("command 2 (write f0:0)", failure.Where);
        }
        else if (stableWrites)
        {
            // 6.9's write waited in write_begin for the I/O, which the drain completed.
            Assert.Contains(world.Log, line => line.StartsWith("2: ", StringComparison.Ordinal) && line.EndsWith("(write f0:0) ran 5 step(s), asleep in folio_wait_writeback(0)", StringComparison.Ordinal));
        }
    }
}
