using Wbcheck.Model;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Throttle;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Throttle;

/// <summary>
/// The running-throttle property catches each of its checks broken, with a shrunk case that
/// holds without the fault: a dirtier let go at the sum of the thresholds instead of their
/// midpoint (2.6.29 and 2.6.36: the overshoot), a floating proportion that never decays (the
/// proportions), a dirtier that never pauses (6.9: the overshoot against the hard limit), and a
/// redirty counted as new dirtying (6.9: the dirtied accounting, as 2.6.37 to 3.1 did), and a
/// flusher whose timed wake-up found the periodic flush too soon and did not sleep again (2.6.36,
/// 4.13, 6.10: periodic writeback stops; reached in laptop mode, whose flush runs on the flusher
/// and takes the periodic flush before the timed wake-up does). Whether each era holds is
/// EraPropertyCatalogTests' job. Runs from the matrix's seed, so each is deterministic.
/// </summary>
public sealed class RunningThrottlePropertyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void A_dirtier_let_go_at_the_sum_of_the_thresholds_overshoots_the_dirty_threshold(KernelEra era)
    {
        var failure = Fail(era, Faults.None with { CatchUpTestNotHalved = true });

        Assert.Contains("exceed the dirty threshold", failure.Message);
    }

    [Fact]
    public void A_floating_proportion_that_never_decays_claims_more_than_all_completions()
    {
        var failure = Fail(KernelEra.V2_6_36, Faults.None with { PropLocalNeverDecays = true });

        Assert.Contains("more than all of", failure.Message);
    }

    [Fact]
    public void A_dirtier_that_never_pauses_overshoots_the_hard_limit()
    {
        var failure = Fail(KernelEra.V6_9, Faults.None with { DirtierNeverPauses = true });

        Assert.Contains("exceed the hard dirty limit", failure.Message);
    }

    [Fact]
    public void A_redirty_counted_as_new_dirtying_unbalances_the_dirtied_accounting()
    {
        var failure = Fail(KernelEra.V6_9, Faults.None with { RedirtyNotDeaccounted = true });

        Assert.Contains("NR_DIRTIED", failure.Message);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_10)]
    public void A_run_of_the_flusher_that_skips_a_periodic_flush_and_does_not_sleep_again_stops_periodic_writeback(KernelEra era)
    {
        var failure = Fail(era, Faults.None with { SkippedOldDataFlushNotRearmed = true });

        // Every run of the flusher ends in its sleep (branch timers22): the background writeout
        // a dirtier's throttle starts, less than an interval after boot, finds the periodic flush
        // too soon and leaves dirty io under the threshold; no laptop mode is needed any more.
        Assert.Contains("no periodic flush is ahead", failure.Message);
        Assert.Contains("dirtier 0 writes", failure.Counterexample);
        Assert.EndsWith("the flusher and the disk run", failure.Counterexample);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_10)]
    public void A_first_dirty_inode_that_wakes_no_flusher_stops_periodic_writeback(KernelEra era)
    {
        var failure = Fail(era, Faults.None with { FirstDirtyingWakesNoFlusher = true });

        // One page written to the idle disk: dirty io, the flusher asleep without a timeout.
        Assert.Contains("no periodic flush is ahead", failure.Message);
        Assert.Equal("1 CPU(s), 60 pages, 1 dirtier(s): dirtier 0 writes 1 page(s)", failure.Counterexample);
    }

    /// <summary>Check <paramref name="era"/> with <paramref name="faults"/>; it must fail, its shrunk case must hold without them, and no smaller case may fail.</summary>
    private PropertyFailedException Fail(KernelEra era, Faults faults)
    {
        var (failure, smallest) = ShrunkFailure.Find(RunningThrottleProperty.Name, RunningCase.Arbitrary, c => RunningThrottleProperty.Check(c, era, faults), output, maxTest: 200);
        Assert.Equal(smallest.ToString(), failure.Counterexample);
        Assert.Null(RunningThrottleProperty.Check(smallest, era, Faults.None));
        Assert.All(RunningCase.Shrink(smallest), c => Assert.Null(RunningThrottleProperty.Check(c, era, faults)));
        return failure;
    }
}
