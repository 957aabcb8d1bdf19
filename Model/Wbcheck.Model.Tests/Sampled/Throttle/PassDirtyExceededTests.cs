using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// One pass of the I/O-less balance_dirty_pages (4.19): "dirty_exceeded = (gdtc-&gt;wb_dirty &gt;
/// gdtc-&gt;wb_thresh) &amp;&amp; ((gdtc-&gt;dirty &gt; gdtc-&gt;thresh) || strictlimit);": the disk
/// is exceeded only strictly over its share, with the machine strictly over its threshold. A
/// disk exactly at its share is not, nor one over it on a machine exactly at its threshold.
/// </summary>
public sealed class PassDirtyExceededTests
{
    [Theory]
    [InlineData(19_995UL, false)]
    [InlineData(19_996UL, true)]
    public void A_disk_exactly_at_its_share_is_not_dirty_exceeded(ulong wbDirty, bool exceeded)
    {
        // IoLessBalanceTests' machine: 100,000 dirtyable pages, thresholds 9,985 and 19,995,
        // freerun ceiling 14,990. The disk has every completion (1 of 1), so its share is the
        // whole threshold: wb_thresh 19,995 (max_ratio 100 caps nothing). 20,000 dirty pages:
        // over the ceiling (a throttling pass) and over the threshold; the disk is exceeded
        // only when its own pages pass 19,995.
        var throttle = new PageWritebackThrottle(KernelEra.V6_9, Faults.None);
        var input = new ThrottlePassInput(
            new MemoryCounters { FileLru = 99_999 },
            new ThrottleSettings { DirtyRatio = 20, DirtyBackgroundRatio = 10 },
            new TaskStruct { Comm = "writer" },
            new BdiWriteback { Numerator = 1, Denominator = 1, AvgWriteBandwidth = 25_600, DirtyRatelimit = 1_000, BalancedDirtyRatelimit = 1_000, WbDirty = wbDirty },
            NrDirty: 20_000, DomainDirtyLimit: 0, PagesDirtied: 32, Think: 1, Dirtied: 200, Elapsed: 20);

        var pass = throttle.BalanceDirtyPagesPass(input);

        Assert.False(pass.Freerun);
        Assert.Equal(19_995UL, pass.WbThresh);
        Assert.Equal(exceeded, pass.DirtyExceeded);
    }

    [Theory]
    [InlineData(19_995UL, false)]
    [InlineData(19_996UL, true)]
    public void A_disk_over_its_share_is_dirty_exceeded_only_with_the_machine_over_its_threshold(ulong nrDirty, bool exceeded)
    {
        // The same machine (threshold 19,995), the disk with half the completions (1 of 2):
        // wb_thresh = 19,995 x 1 / 2 = 9,997, and its 9,998 pages are over it. With 19,995
        // dirty pages the machine is at its threshold, not over: not exceeded; one more and
        // it is.
        var throttle = new PageWritebackThrottle(KernelEra.V6_9, Faults.None);
        var input = new ThrottlePassInput(
            new MemoryCounters { FileLru = 99_999 },
            new ThrottleSettings { DirtyRatio = 20, DirtyBackgroundRatio = 10 },
            new TaskStruct { Comm = "writer" },
            new BdiWriteback { Numerator = 1, Denominator = 2, AvgWriteBandwidth = 25_600, DirtyRatelimit = 1_000, BalancedDirtyRatelimit = 1_000, WbDirty = 9_998 },
            NrDirty: nrDirty, DomainDirtyLimit: 0, PagesDirtied: 32, Think: 1, Dirtied: 200, Elapsed: 20);

        var pass = throttle.BalanceDirtyPagesPass(input);

        Assert.False(pass.Freerun);
        Assert.Equal(9_997UL, pass.WbThresh);
        Assert.Equal(exceeded, pass.DirtyExceeded);
    }
}
