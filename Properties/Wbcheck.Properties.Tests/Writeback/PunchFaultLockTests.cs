using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Properties.Writeback;
using Wbcheck.Properties.Writeback.Commands;
using Wbcheck.Properties.Writeback.Running;

namespace Wbcheck.Properties.Tests.Writeback;

/// <summary>
/// The properties' punch takes the era's lock against faults as SimpleFs.PunchHole does
/// (docs/eras.md section 129): a store paused in its fault, then a punch of its page and of a page
/// under writeback. The store's -&gt;page_mkwrite finds its page gone and the store is retried,
/// reading the page in again while the punch waits on the other page's writeback, unless the
/// punch holds the lock the read-in takes (the invalidate_lock, 5.15 on). Before such a lock the
/// kernel allowed it (ea3d7209ca01), and the truncate monitor does not hold it against the punch.
/// </summary>
public sealed class PunchFaultLockTests
{
    private static readonly WritebackCase StoreThenPunch = new(
        [new FileSetup(2, "cd", [], 0)],
        WritebackCase.DefaultBatchSize,
        Aggregate: false,
        [new WritebackCommand(0, WbcSpec.WholeFile(syncAll: false)), new MapDirtyCommand(0, 0, Steps: 3), new TruncateCommand(0, 0, 1)]);

    private static CaseFailure? Run(KernelEra era, Faults faults) =>
        new WritebackWorld(StoreThenPunch, WorldOptions.Default with { Era = era, Faults = faults, Watched = Watched.TruncateReclaim }).Run();

    [Theory]
    [InlineData(KernelEra.V6_9)]
    [InlineData(KernelEra.V6_10)]
    public void The_punch_holds_the_invalidate_lock_and_the_store_reads_its_page_in_after_it(KernelEra era)
    {
        var failure = Run(era, Faults.None);

        Assert.True(failure is null, failure?.Describe());
    }

    [Theory]
    [InlineData(KernelEra.V6_9)]
    [InlineData(KernelEra.V6_10)]
    public void Without_the_lock_the_store_reads_its_page_back_into_the_punched_range_and_the_monitor_reports_it(KernelEra era)
    {
        var failure = Run(era, new Faults { PunchSkipsInvalidateLock = true });

        Assert.NotNull(failure);
        Assert.Contains(TruncateMonitor.Name, failure.Describe());
        Assert.Contains("page 0 of", failure.Describe());
        Assert.Contains("still cached after truncating pages 0..1", failure.Describe());
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    public void Where_the_filesystem_has_no_such_lock_the_kernel_allowed_the_page_back(KernelEra era)
    {
        var failure = Run(era, Faults.None);

        Assert.True(failure is null, failure?.Describe());
    }
}
