using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// Junxiao Bi's race of 2013 (docs/flusher-loop.md, "The first dirty inode's wake-up"): from
/// 2.6.39 to 3.11 __mark_inode_dirty tested the disk's dirty io under i_lock, before taking the
/// list lock, so a flusher that wrote its last inode in between slept without a timeout over the
/// new dirty inode. The model's eras never had that order (2.6.36 holds inode_lock over the whole
/// function, 3.19 on tests under the list lock): every era's cell holds, and the old order,
/// brought back by <see cref="Faults.DirtyIoTestedBeforeListLock"/>, fails the 3.19 and 6.10 cells
/// with a minimized trace in which the flusher's run ends between the dirtier's two sections.
/// </summary>
public sealed class DirtierVsIdleFlusherTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_10)]
    public void Every_era_s_new_dirty_file_has_a_flusher_wakeup_ahead(KernelEra era)
    {
        var cell = CellCheck.Run(DirtierVsIdleFlusher.ScenarioName, era);

        Assert.True(cell.Matches, cell.Problem);
        Assert.Null(cell.Bug);
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_10)]
    public void The_dirty_io_test_made_before_the_list_lock_leaves_the_new_dirty_file_without_a_wakeup(KernelEra era)
    {
        var options = ScenarioOptions.Default with { Era = era, Faults = Faults.None with { DirtyIoTestedBeforeListLock = true } };

        var cell = CellCheck.Run(DirtierVsIdleFlusher.ScenarioName, options, expected: null, CellBudget.Default);

        Assert.False(cell.Matches);
        var found = Assert.IsType<BugTrace>(cell.Bug);
        Assert.Equal((BugKind.SafetyMonitor, PeriodicWritebackScheduled.Name), (found.Bug.Kind, found.Bug.Source));
        Assert.Contains("the disk has dirty io but no periodic flush is ahead", found.Bug.Message);
        var minimized = TestingEngine.Minimize(cell.Program!, found).Trace;

        // The dirtier is preempted at its list lock; the flusher's run ends there, and the
        // dirtier's move onto b_dirty is the last step.
        var listLock = minimized.Steps.ToList().FindLastIndex(s => s.ThreadName == "dirtier" && s.Label.ToString().Contains("spin_lock(&wb->list_lock)", StringComparison.Ordinal));
        Assert.True(listLock >= 0, string.Join("\n", minimized.Steps.Select(s => $"{s.ThreadName}: {s.Label}")));
        Assert.Contains(minimized.Steps.Take(listLock), s => s.ThreadName == "flusher");
        TraceFiles.AssertReplaysFromFile(cell.Program!, minimized);
    }
}
