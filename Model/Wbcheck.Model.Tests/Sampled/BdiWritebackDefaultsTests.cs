using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// wb_init (mm/backing-dev.c, 4.19; bdi_init 3.18): a new wb's write bandwidth, dirty_ratelimit
/// and balanced_dirty_ratelimit all start at INIT_BW, 100 MB/s: 100 &lt;&lt; (20 - PAGE_SHIFT) =
/// 25,600 pages a second. The throttle's arithmetic input takes those values unless a caller
/// gives its own.
/// </summary>
public sealed class BdiWritebackDefaultsTests
{
    [Fact]
    public void A_wb_starts_at_init_bw()
    {
        var wb = new BdiWriteback();

        Assert.Equal((25_600UL, 25_600UL, 25_600UL), (wb.AvgWriteBandwidth, wb.DirtyRatelimit, wb.BalancedDirtyRatelimit));
        Assert.Equal(100UL << (20 - 12), wb.AvgWriteBandwidth);
    }
}
