using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// prop_descriptor_init (lib/proportions.c, 2.6.24 to 3.4) takes calc_period_shift's value,
/// 2 + ilog2(dirty_total - 1), never below 1: the smallest shift, 1, makes a period of one event;
/// a shift of 0 would make period/2 a shift by -1, so the model refuses it.
/// </summary>
public sealed class PropDescriptorInitTests
{
    [Fact]
    public void A_shift_of_one_is_the_smallest_there_is_and_zero_is_refused()
    {
        var pd = new PropDescriptor();
        pd.PropDescriptorInit(1);
        Assert.Equal((1, 1UL), (pd.ShiftPeek, pd.PeriodPeek));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PropDescriptor().PropDescriptorInit(0));
        Assert.Contains("at least 1", error.Message, StringComparison.Ordinal);
    }
}
