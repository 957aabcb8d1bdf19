using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Matrix;
using Wbcheck.Properties.Throttle;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Throttle;

/// <summary>
/// The dirtied-accounting property catches a redirty counted as new dirtying (2.6.37 to 3.1,
/// before 2f800fbd777b), on the smallest case: one declined page, written once and passed to a
/// writeback that redirties it. Whether each era holds is EraPropertyCatalogTests' job.
/// </summary>
public sealed class DirtiedAccountingPropertyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_redirty_counted_as_new_dirtying_is_caught_on_one_declined_page(KernelEra era)
    {
        var faults = Faults.None with { RedirtyNotDeaccounted = true };
        DirtiedCase? smallest = null;
        var property = Prop.ForAll(DirtiedCase.Arbitrary, c =>
        {
            var violation = DirtiedAccountingProperty.Check(c, era, faults);
            if (violation is not null)
            {
                smallest = c;
            }

            return violation is null ? true.ToProperty() : false.Label(violation);
        });

        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(DirtiedAccountingProperty.Name, property, PropertyOptions.Default with { Replay = new ReplaySeed(EraProperty.DefaultSeed, EraProperty.Gamma) }));
        output.WriteLine(failure.Message);

        Assert.Equal("file 0 declines [0]: write file 0 page 0; WB_SYNC_NONE pass over file 0, nr_to_write 1", failure.Counterexample);
        Assert.Contains("after step 2 (WB_SYNC_NONE pass over file 0, nr_to_write 1): NR_DIRTIED 2 is not NR_WRITTEN 0 + NR_FILE_DIRTY 1 + NR_WRITEBACK 0", failure.Message);
        Assert.NotNull(smallest);
        Assert.Null(DirtiedAccountingProperty.Check(smallest, era, Faults.None));
    }

    [Fact]
    public void Before_2_6_37_the_counters_stay_zero_and_the_fault_changes_nothing()
    {
        var c = new DirtiedCase([[0]], [new DirtiedStep.Write(0, 0), new DirtiedStep.Writeback(0, 1, false), new DirtiedStep.Complete()]);

        Assert.Null(DirtiedAccountingProperty.Check(c, KernelEra.V2_6_36, Faults.None with { RedirtyNotDeaccounted = true }));
        Assert.NotNull(DirtiedAccountingProperty.Check(c, KernelEra.V3_19, Faults.None with { RedirtyNotDeaccounted = true }));
    }
}
