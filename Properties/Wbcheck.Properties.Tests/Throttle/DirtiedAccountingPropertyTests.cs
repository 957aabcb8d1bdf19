using Wbcheck.Model;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Throttle;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Throttle;

/// <summary>
/// The dirtied-accounting property catches each of its three checks broken: a redirty counted
/// as new dirtying (2.6.37 to 3.1, before 2f800fbd777b), a dirtying not counted for its task,
/// and a redirty left on the flusher's count, each on the smallest case. Whether each era holds
/// is EraPropertyCatalogTests' job. Also: writers whose counts are kept as one task's (the model's
/// sharing before wbcheck-model/8) are caught on one writer's page, counted for another.
/// </summary>
public sealed class DirtiedAccountingPropertyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_redirty_counted_as_new_dirtying_is_caught_on_one_declined_page(KernelEra era)
    {
        var faults = Faults.None with { RedirtyNotDeaccounted = true };
        var failure = Fail(era, faults);

        Assert.Equal("file 0 declines [0]: writer 0 writes file 0 page 0; WB_SYNC_NONE pass over file 0, nr_to_write 1", failure.Counterexample);
        Assert.Contains("after step 2 (WB_SYNC_NONE pass over file 0, nr_to_write 1): NR_DIRTIED 2 is not NR_WRITTEN 0 + NR_FILE_DIRTY 1 + NR_WRITEBACK 0", failure.Message);
    }

    /// <summary>Check <paramref name="era"/> with <paramref name="faults"/>; it must fail, and its shrunk case must hold without them.</summary>
    private PropertyFailedException Fail(KernelEra era, Faults faults)
    {
        var (failure, smallest) = ShrunkFailure.Find(DirtiedAccountingProperty.Name, DirtiedCase.Arbitrary, c => DirtiedAccountingProperty.Check(c, era, faults), output);
        Assert.Null(DirtiedAccountingProperty.Check(smallest, era, Faults.None));
        return failure;
    }

    [Fact]
    public void A_dirtying_not_counted_for_the_writer_is_caught_on_its_first_write()
    {
        var failure = Fail(KernelEra.V6_9, Faults.None with { DirtyingNotCountedForTask = true });

        Assert.Equal("file 0 declines []: writer 0 writes file 0 page 0", failure.Counterexample);
        Assert.Contains("after step 1 (writer 0 writes file 0 page 0): writer 0's nr_dirtied is 0, but it newly dirtied 1 page(s)", failure.Message);
    }

    [Fact]
    public void A_redirty_left_on_the_flusher_s_count_is_caught_on_one_declined_page()
    {
        var failure = Fail(KernelEra.V6_9, Faults.None with { RedirtyNotDeaccountedFromTask = true });

        Assert.Equal("file 0 declines [0]: writer 0 writes file 0 page 0; WB_SYNC_NONE pass over file 0, nr_to_write 1", failure.Counterexample);
        Assert.Contains("after step 2 (WB_SYNC_NONE pass over file 0, nr_to_write 1): the flusher's nr_dirtied is 1: its redirties counted as new dirtying", failure.Message);
    }

    [Fact]
    public void Before_2_6_37_the_counters_stay_zero_and_the_fault_changes_nothing()
    {
        var c = new DirtiedCase([[0]], [new DirtiedStep.Write(0, 0, 0), new DirtiedStep.Writeback(0, 1, false), new DirtiedStep.Complete()]);

        Assert.Null(DirtiedAccountingProperty.Check(c, KernelEra.V2_6_36, Faults.None with { RedirtyNotDeaccounted = true }));
        Assert.NotNull(DirtiedAccountingProperty.Check(c, KernelEra.V3_19, Faults.None with { RedirtyNotDeaccounted = true }));
    }

    [Fact]
    public void Writers_whose_counts_are_kept_as_one_task_s_are_caught_on_one_write()
    {
        var failure = Fail(KernelEra.V6_9, Faults.None with { TasksShareDirtiedCounts = true });

        // Writer 0's page shows in writer 1's count, which never wrote.
        Assert.Equal("file 0 declines []: writer 0 writes file 0 page 0", failure.Counterexample);
        Assert.Contains("after step 1 (writer 0 writes file 0 page 0): writer 1's nr_dirtied is 1, but it newly dirtied 0 page(s)", failure.Message);
    }
}
