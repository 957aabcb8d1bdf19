using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Scenarios.Throttle;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Throttle;

/// <summary>
/// A regression of the flusher's loop is caught where background writeout runs among other
/// threads, not only by the loop's unit tests (docs/flusher-loop.md, "Checks"). The race scenario
/// strictlimit-dirtier-vs-fsync (its throttle wakes the root wb's background writeout) holds on 6.10
/// in the matrix. Until branch timers21 a 3.x loop that goes round after a pass without progress
/// (<see cref="Faults.FlusherIgnoresNoProgress"/>) made it run past its step bound, but the loop
/// that spun was a kupdate walk at the first tick, which the kernel's flusher does not take with
/// the scenario's zero dirty_writeback_interval (docs/eras.md section 72): the fault is not reached
/// there now, and <c>FlusherLoopProgramTests</c> catch it on a program of its own. No matrix
/// scenario has a second writer of an inode racing the root wb's background writeout, so a walk
/// that does not requeue a skipped inode (<see cref="Faults.NoRequeueIo"/>) is caught in the
/// dirty-throttle program, where 2.6.29's and 2.6.36's dirtiers write inodes themselves, by
/// <see cref="FlusherLoopMonitor"/>. Seed 1; each bug is found in the first iteration or two.
/// </summary>
public sealed class FlusherLoopScenarioTests
{
    private static TestingConfiguration Config(int iterations) => TestingConfiguration.Default with
    {
        Strategy = "random",
        Seed = 1,
        Iterations = iterations,
        MaxSteps = 20_000,
        LivenessBound = 2_000,
    };

    /// <summary>
    /// With a zero interval the 6.10 flusher takes no timed wake-up and no periodic flush, so no
    /// kupdate walk spins under the fault. With the model's old first-tick walk back (the timer
    /// armed whatever the interval, and no zero test) it runs past 20,000 steps at writeback_inodes.
    /// </summary>
    [Fact]
    public void With_a_zero_writeback_interval_the_6_10_strictlimit_cell_runs_no_kupdate_walk_to_spin()
    {
        var options = ScenarioOptions.Default with { Era = KernelEra.V6_10, Faults = Faults.None with { FlusherIgnoresNoProgress = true } };

        var report = TestingEngine.Run(ScenarioCatalog.Create(StrictlimitDirtierVsFsync.ScenarioName, options), Config(5));

        Assert.False(report.FoundBug, report.Summary());
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void A_walk_that_does_not_requeue_an_inode_a_dirtier_is_writing_is_caught_in_the_dirty_throttle_program(KernelEra era)
    {
        var program = new DirtyThrottleScenario(era: era, faults: Faults.None with { NoRequeueIo = true });

        var report = TestingEngine.Run(program, Config(5));

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal(BugKind.SafetyMonitor, found.Bug.Kind);
        Assert.Equal(FlusherLoopMonitor.Name, found.Bug.Source);
        Assert.Contains("was being written by another thread", found.Bug.Message);
        TraceFiles.AssertReplaysFromFile(program, found);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V6_9)]
    public void Without_the_faults_the_dirty_throttle_program_keeps_the_loop_s_promises(KernelEra era)
    {
        var report = TestingEngine.Run(new DirtyThrottleScenario(era: era), Config(40));

        Assert.False(report.FoundBug, report.Summary());
    }
}
