using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// A fault through a shared mapping on a page that truncate removes (docs/page-tables.md,
/// "The fault's page lock"). Before d00806b18315 (2.6.23) the fault held no page lock: 2.6.20's
/// do_no_page sees under the pte lock that unmap_mapping_range ran (truncate_count) and looks
/// again, finding nothing past the new EOF; 2.5.31's maps the page it found though truncate has
/// taken it out of the file, and a store would land in a page of no file. From 2.6.29 the page lock
/// keeps them apart. Explored exhaustively; not a matrix scenario (no era table cell names the
/// 2.5 race's fix, which predates git).
/// </summary>
public sealed class UnlockedFaultVsTruncateTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with
    {
        Strategy = "dfs",
        Iterations = 100_000,
    };

    [Fact]
    public void In_2_5_a_fault_without_the_page_lock_or_truncate_count_maps_a_page_truncate_removed()
    {
        var report = TestingEngine.Run(new StoreVsTruncate(KernelEra.V2_5), Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var bug = report.Bugs[0].Bug;
        Assert.Contains("maps a page that left", bug.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V6_9)]
    public void From_2_6_20_no_schedule_maps_a_page_truncate_removed(KernelEra era)
    {
        var report = TestingEngine.Run(new StoreVsTruncate(era), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    /// <summary>
    /// A file of two clean cached pages, mapped with no pte; a read fault on page 1 against a
    /// truncate to one page. After the fault the thread yields (truncate may end meanwhile) and
    /// looks at its pte, as a store through it would (<see cref="Memory.Store"/>'s check). A
    /// read fault, not a store: the store's write fault has its own race with truncate before
    /// 3.19 (write-fault-vs-truncate), which would hide this one.
    /// </summary>
    private sealed class StoreVsTruncate(KernelEra era) : MappedFileVsTruncate(era, "fault")
    {
        public override string Name => "fault-vs-truncate";

        public override string Description => "a fault on a missing pte against truncate removing its page";

        protected override async Task Fault(Kernel kernel, PageTable vma, Inode inode)
        {
            await kernel.Memory.DoReadFault(vma, 1);
            await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel("store", 1));
            if (vma.Lookup(1) is { } pte)
            {
                Bug.On(pte.Page.Mapping != inode.Mapping, "handle_pte_fault", $"{pte} maps a page that left {inode.Mapping}");
            }
        }
    }
}
