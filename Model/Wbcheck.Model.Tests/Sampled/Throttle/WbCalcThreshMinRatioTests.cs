using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// __wb_calc_thresh (4.19; bdi_dirty_limit in 3.18) gives a device with a min_ratio that share of
/// the threshold on top of its share of what the min_ratios leave: "wb_thresh = (thresh * (100 -
/// bdi_min_ratio)) / 100; wb_thresh *= numerator; do_div(wb_thresh, denominator); ... wb_thresh
/// += (thresh * wb_min_ratio) / 100;" then capped at max_ratio [R]. A threshold of 1,000 pages,
/// min_ratio 10 (all devices' 10), half the completions: 900 / 2 + 100 = 550. The model's own disk
/// has no min_ratio; the throttle's arithmetic takes one.
/// </summary>
public sealed class WbCalcThreshMinRatioTests
{
    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_min_ratio_adds_its_percentage_of_the_threshold(KernelEra era)
    {
        var wb = new BdiWriteback { Numerator = 1, Denominator = 2, MinRatio = 10, SumMinRatio = 10 };

        Assert.Equal(550UL, new PageWritebackThrottle(era, Faults.None).WbCalcThresh(wb, 1000));
    }
}
