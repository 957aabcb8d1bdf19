using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Writeback;
using Wbcheck.Properties.Writeback.Commands;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Writeback;

/// <summary>
/// Direct reclaim from an allocation a filesystem makes under its own journal handle: the
/// property (whose cells EraPropertyCatalogTests checks on every era, where it holds) catches, with a shrunk
/// counterexample, a filesystem that allocates there with GFP_KERNEL (its reclaim calls the
/// -&gt;writepage that waits for the task's own handle: a deadlock) and a direct reclaim that
/// drops the allocation's mask (the context check sees -&gt;writepage called for a GFP_NOFS
/// allocation), both where direct reclaim writes filesystem pages (2.6.29 and 2.6.36; from 3.2
/// it writes none, ee72886d8ed5).
/// </summary>
public sealed class NofsReclaimPropertyTests(ITestOutputHelper output)
{
    public static TheoryData<KernelEra> WritingEras => [KernelEra.V2_6_29, KernelEra.V2_6_36];

    [Theory]
    [MemberData(nameof(WritingEras))]
    public void A_filesystem_that_allocates_with_GFP_KERNEL_under_its_handle_deadlocks_in_its_own_reclaim(KernelEra era)
    {
        WritebackCase? shrunk = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            WritebackProperties.NofsReclaimName,
            WritebackProperties.NofsReclaim(era, new Faults { FsAllocatesWithGfpKernel = true }, c => shrunk = c),
            TestBudget.Options));
        output.WriteLine(failure.Message);

        Assert.NotNull(shrunk);
        var reclaim = Assert.IsType<ReclaimCommand>(Assert.Single(shrunk.Commands));
        Assert.True(reclaim.InHandle);
        Assert.True(shrunk.Fs.Journalled);
        Assert.Contains("deadlock", failure.Message);
        Assert.Contains("journal handle", failure.Message);
    }

    [Theory]
    [MemberData(nameof(WritingEras))]
    public void Direct_reclaim_that_drops_the_allocations_mask_calls_writepage_for_a_GFP_NOFS_allocation(KernelEra era)
    {
        WritebackCase? shrunk = null;
        var failure = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Run(
            WritebackProperties.NofsReclaimName,
            WritebackProperties.NofsReclaim(era, new Faults { DirectReclaimIgnoresGfp = true }, c => shrunk = c),
            TestBudget.Options));
        output.WriteLine(failure.Message);

        Assert.NotNull(shrunk);
        var reclaim = Assert.IsType<ReclaimCommand>(Assert.Single(shrunk.Commands));
        Assert.True(reclaim.InHandle);
        Assert.False(shrunk.Fs.Journalled);
        Assert.Contains(NofsReclaimEntersNoFilesystem.Name, failure.Message);
        Assert.Contains("called ->writepage (pageout)", failure.Message);
    }
}
