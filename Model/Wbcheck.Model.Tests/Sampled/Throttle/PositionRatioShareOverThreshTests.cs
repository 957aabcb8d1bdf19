using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// wb_position_ratio (bdi_position_ratio in 3.18) of a disk without strictlimit caps the disk's
/// share at the global threshold before drawing its control line ("if (unlikely(wb_thresh &gt;
/// thresh)) wb_thresh = thresh;"): a share can come out above it (a bdi min_ratio adds
/// thresh x min_ratio / 100 to the disk's fraction of it), and the line's span, thresh -
/// wb_thresh, is unsigned. So a share over the threshold gives the ratio of a share equal to it.
/// </summary>
public sealed class PositionRatioShareOverThreshTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_share_over_the_threshold_is_taken_as_the_threshold(KernelEra era)
    {
        // PositionRatioReserveTests' machine (thresh 1,000, bg 500, 800 dirty), the disk with
        // 600 dirty pages of its own: its share 1,000 and 1,500 must draw the same line.
        var throttle = new PageWritebackThrottle(era, Faults.None);
        var wb = new BdiWriteback { WbDirty = 600, AvgWriteBandwidth = 100 };

        var atThresh = throttle.WbPositionRatio(wb, 1_000, 500, 800, 1_000, 500, 1_000);
        var overThresh = throttle.WbPositionRatio(wb, 1_000, 500, 800, 1_500, 750, 1_000);

        Assert.Equal(atThresh, overThresh);
    }
}
