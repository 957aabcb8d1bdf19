using Wbcheck.Model;
using Wbcheck.Properties.Checking;
using Wbcheck.Properties.Matrix;
using Wbcheck.Properties.Throttle;
using Xunit.Abstractions;

namespace Wbcheck.Properties.Tests.Throttle;

/// <summary>
/// The domain property holds on the loops of 4.2 and 6.0 and catches a loop that ignores a
/// domain: BDI_CAP_STRICTLIMIT (the loop before 5a53748568f7) and the memcg domain (the loop
/// before 4.2's cgroup writeback), each on its smallest case; and cgroup writeback's own
/// mistakes: a memcg's flusher writing the root's file, completions credited to the root wb.
/// </summary>
public sealed class DomainThrottlePropertyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void Every_domain_holds_its_dirtier(KernelEra era) =>
        PropertyCheck.Run(DomainThrottleProperty.Name, DomainThrottleProperty.For(era, Faults.None), PropertyOptions.Default with { MaxTest = 60, Replay = new ReplaySeed(EraProperty.DefaultSeed, EraProperty.Gamma) });

    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_loop_that_ignores_strictlimit_is_caught_on_a_strictlimit_disk_under_the_global_freerun_ceiling(KernelEra era)
    {
        var failure = Fail(era, Faults.None with { StrictlimitIgnored = true });

        // 25 pages, the global freerun ceiling: the disk has completed nothing, its share is 0.
        Assert.Equal("25 page(s) written; strictlimit disk, max_ratio 100%; dirtier in the root cgroup", failure.Counterexample);
        Assert.Contains("after page 24: the strictlimit disk's 25 dirty and writeback page(s) exceed its share (wb_thresh 0, wb_stat_error 8)", failure.Message);
    }

    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_loop_without_the_memcg_domain_is_caught_on_a_memcg_dirtier(KernelEra era)
    {
        var failure = Fail(era, Faults.None with { MemcgDomainIgnored = true });

        // The largest memcg that binds before the global domain does: 27 pages, its threshold 10.
        Assert.Equal("27 page(s) written; disk, max_ratio 100%; dirtier in a memcg of 27 page(s)", failure.Counterexample);
        Assert.Contains("after page 26: the memcg's 27 dirty and writeback page(s) exceed its hard limit 10", failure.Message);
    }

    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_memcgs_flusher_that_walks_every_inode_is_caught_writing_the_root_writers_file(KernelEra era)
    {
        var failure = Fail(era, Faults.None with { FlusherIgnoresWb = true });

        Assert.Contains("dirtier in a memcg of", failure.Counterexample);
        Assert.Contains("page(s) of another file dirtied first in the root cgroup", failure.Counterexample);
        Assert.Contains("the flusher of the wb of memcg job writes inode", failure.Message);
    }

    [Theory]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void Completions_credited_to_the_root_wb_are_caught_by_the_wb_counts(KernelEra era)
    {
        var failure = Fail(era, Faults.None with { CgwbCompletionsToRoot = true });

        Assert.Contains("dirtier in a memcg of", failure.Counterexample);
        Assert.DoesNotContain("another file", failure.Counterexample);
        Assert.Contains("WB_DIRTIED", failure.Message);
    }

    /// <summary>Check <paramref name="era"/> with <paramref name="faults"/>; it must fail, and its shrunk case must hold without them.</summary>
    private PropertyFailedException Fail(KernelEra era, Faults faults)
    {
        var (failure, smallest) = ShrunkFailure.Find(DomainThrottleProperty.Name, DomainCase.Arbitrary, c => DomainThrottleProperty.Check(c, era, faults), output, maxTest: 60);
        Assert.Null(DomainThrottleProperty.Check(smallest, era, Faults.None));
        return failure;
    }
}
