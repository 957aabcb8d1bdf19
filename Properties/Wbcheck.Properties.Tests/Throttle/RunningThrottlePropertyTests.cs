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
/// and takes the periodic flush before the timed wake-up does), and a 2.6.20 dirtier held until
/// the background threshold over pages -&gt;writepage refuses (the hang report). Fixed cases on
/// both sides of each era's release line show the hold exemption (<see cref="RefusedPagesHold"/>)
/// taking exactly the dirtiers the kernel keeps too. Whether each era holds is
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
        // From 3.19 the flusher the throttle wakes writes the fresh disk by its per-disk test
        // (docs/eras.md section 98), and the case shrinks to the dirtier's 17 pages alone; on
        // 2.6.36 the flusher and the disk must run after them.
        Assert.Contains("no periodic flush is ahead", failure.Message);
        Assert.Contains("dirtier 0 writes", failure.Counterexample);
        Assert.EndsWith(era.FlusherTestsDiskBackgroundShare() ? "dirtier 0 writes 17 page(s)" : "the flusher and the disk run", failure.Counterexample);
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

    [Fact]
    public void A_dirtier_let_go_only_at_the_background_threshold_is_reported_held_over_refused_pages()
    {
        var failure = Fail(KernelEra.V2_6_20, Faults.None with { ThrottleReleasesAtBackgroundThreshold = true });

        // Refused pages over the background threshold and within the dirty threshold: 2.6.20
        // lets the dirtier go there, the fault keeps it until the watchdog.
        Assert.Contains("a step still runs after 600 seconds", failure.Message);
        Assert.Contains("->writepage declines", failure.Counterexample);
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void An_io_less_dirtier_held_until_the_freerun_ceiling_is_reported_held_over_refused_pages(KernelEra era)
    {
        // Rarer than the others: the matrix's 1,000 cases, not 200.
        var failure = Fail(era, Faults.None with { IoLessRateZeroOverFreerun = true }, maxTest: 1000);

        // Refused pages over the freerun ceiling and bdi_stat_error, under the hard limit: the
        // kernel lets the dirtier go after one pause there, the fault keeps it pausing.
        Assert.Contains("a step still runs after 600 seconds", failure.Message);
        Assert.Contains("->writepage declines", failure.Counterexample);
    }

    /// <summary>
    /// 60 pages, one CPU: each dirtier writes 40 pages of its own file, whose first
    /// <paramref name="declined"/> pages -&gt;writepage refuses, so that many stay dirty per dirtier.
    /// </summary>
    private static RunningCase Refusing(int dirtiers, int declined) =>
        new(1, 60, dirtiers, [.. Enumerable.Range(0, declined)], [.. Enumerable.Range(0, dirtiers).Select(d => (RunningStep)new RunningStep.Write(d, 40))]);

    /// <summary>
    /// Just over each era's release line (2.6.29: the midpoint 4 and the share; 2.6.36: the
    /// share; the I/O-less eras: the hard limit 12) the era's throttle keeps the dirtier for good:
    /// without the exemption the case is reported, with it the property holds.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_29, 1, 5)]
    [InlineData(KernelEra.V2_6_36, 2, 5)]
    [InlineData(KernelEra.V4_13, 2, 6)]
    [InlineData(KernelEra.V6_9, 2, 6)]
    [InlineData(KernelEra.V6_10, 2, 6)]
    public void Over_the_eras_release_line_a_dirtier_the_kernel_keeps_too_is_exempted(KernelEra era, int dirtiers, int declined)
    {
        var c = Refusing(dirtiers, declined);

        Assert.Contains("a step still runs after 600 seconds", RunningThrottleProperty.Check(c, era, Faults.None, exemptKernelHolds: false));
        Assert.Null(RunningThrottleProperty.Check(c, era, Faults.None));
    }

    /// <summary>
    /// One step under each era's release line the same refused pages let the dirtier go: the
    /// case holds with no exemption at all. 2.6.20 lets it go at 24 refused pages (its dirty
    /// threshold on 60 pages), the most the generator makes: it is never exempted.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20, 3, 8)]
    [InlineData(KernelEra.V2_6_29, 1, 4)]
    [InlineData(KernelEra.V2_6_36, 2, 4)]
    [InlineData(KernelEra.V4_13, 2, 5)]
    [InlineData(KernelEra.V6_9, 2, 5)]
    [InlineData(KernelEra.V6_10, 2, 5)]
    public void Under_the_eras_release_line_the_kernel_lets_the_dirtier_go(KernelEra era, int dirtiers, int declined)
    {
        Assert.Null(RunningThrottleProperty.Check(Refusing(dirtiers, declined), era, Faults.None, exemptKernelHolds: false));
    }

    /// <summary>
    /// On 2.6.20 seven refused pages are over the background threshold (6) and under the dirty
    /// threshold (24): held there by the fault, the dirtier is reported, not exempted, where
    /// section 87's exemption (over the background threshold) let it pass.
    /// </summary>
    [Fact]
    public void A_dirtier_held_under_the_eras_release_line_is_reported()
    {
        var c = Refusing(1, 7);

        Assert.Null(RunningThrottleProperty.Check(c, KernelEra.V2_6_20, Faults.None));
        Assert.Contains("a step still runs after 600 seconds", RunningThrottleProperty.Check(c, KernelEra.V2_6_20, Faults.None with { ThrottleReleasesAtBackgroundThreshold = true }));
    }

    /// <summary>Check <paramref name="era"/> with <paramref name="faults"/>; it must fail, its shrunk case must hold without them, and no smaller case may fail.</summary>
    private PropertyFailedException Fail(KernelEra era, Faults faults, int maxTest = 200)
    {
        var (failure, smallest) = ShrunkFailure.Find(RunningThrottleProperty.Name, RunningCase.Arbitrary, c => RunningThrottleProperty.Check(c, era, faults), output, maxTest);
        Assert.Equal(smallest.ToString(), failure.Counterexample);
        Assert.Null(RunningThrottleProperty.Check(smallest, era, Faults.None));
        Assert.All(RunningCase.Shrink(smallest), c => Assert.Null(RunningThrottleProperty.Check(c, era, faults)));
        return failure;
    }
}
