using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// A store to a missing pte against truncate of its page (docs/page-tables.md, "The write fault
/// on a missing pte"): the fault with write access dirties the page after unlocking it up to
/// 2.6.29 (do_no_page's and __do_fault's set_page_dirty_balance), so truncate can cancel the
/// page's dirtiness and remove it first, and the fault's accounting lands on a page of no file
/// (2d6d7f982846's race, here on the no-page path); from b827e496c893 (2.6.30, the 2.6.36 era)
/// __do_fault dirties it before the unlock, and no schedule does. 2.5.31's fault dirtied no page.
/// Explored exhaustively; not a matrix scenario (write-fault-vs-truncate is the read-only pte's).
/// </summary>
public sealed class SharedFaultVsTruncateTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with
    {
        Strategy = "dfs",
        Iterations = 100_000,
    };

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    public void Before_2_6_30_truncate_takes_the_page_between_the_faults_unlock_and_its_dirtying(KernelEra era)
    {
        var report = TestingEngine.Run(new StoreVsTruncate(era), Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var bug = report.Bugs[0].Bug;
        Assert.Equal(BugKind.SafetyMonitor, bug.Kind);
        Assert.Contains(bug.Source, new[] { Accounting.Name, TruncateMonitor.Name });
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void From_2_6_30_the_fault_dirties_the_page_under_its_lock_and_no_schedule_breaks_an_invariant(KernelEra era)
    {
        var report = TestingEngine.Run(new StoreVsTruncate(era), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    /// <summary>
    /// A file of two clean cached pages, mapped with no pte (generic vm_ops: no -&gt;page_mkwrite
    /// before 3.19); a store to page 1 against a truncate to one page.
    /// </summary>
    private sealed class StoreVsTruncate(KernelEra era) : MappedFileVsTruncate(era, "store")
    {
        public override string Name => "store-to-missing-pte-vs-truncate";

        public override string Description => "a store faulting in a missing pte with write access against truncate removing its page";

        protected override async Task Fault(Kernel kernel, PageTable vma, Inode inode) => await kernel.Memory.Store(vma, 1);
    }
}
