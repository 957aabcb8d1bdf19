using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// The proportions' peeks (what the lasso search fingerprints) are the kernel's own arithmetic
/// read without an access: prop_fraction_percpu's denominator adds t &amp; (period/2 - 1), and
/// prop_norm_percpu masks t with ~(period/2 - 1) for the global period, period/2 being
/// 1 &lt;&lt; (shift - 1). A peek must agree with what the real path then does.
/// </summary>
public sealed class PropPeekTests
{
    [Fact]
    public void The_peeks_use_the_period_of_shift_minus_one()
    {
        // shift 3: period/2 = 4 events. Local b's 8 events (t 0 to 7): 4 at period 0; at t = 4
        // prop_norm finds global period 4, one period missed, x = 4 >> 1 = 2, then 3, .., 6 at
        // t = 8, b's period 4. Local a's 5 events take t to 13. Now t & 3 = 1 (the fraction's
        // denominator 4 + 1 = 5), global period 13 & ~3 = 12, and b has missed (12 - 4) >> 2 =
        // 2 periods: 6 >> 2 = 1.
        var faults = new Faults();
        var pd = new PropDescriptor();
        pd.PropDescriptorInit(3);
        var a = new PropLocal();
        var b = new PropLocal();
        for (var i = 0; i < 8; i++)
        {
            b.PropInc(pd, faults);
        }

        for (var i = 0; i < 5; i++)
        {
            a.PropInc(pd, faults);
        }

        var peeks = (pd.EventsInPeriodPeek, b.EventsAfterNormPeek(pd, faults));
        b.PropNorm(pd, faults);

        Assert.Equal((1UL, 1UL), peeks);
        Assert.Equal((1UL, 5UL), b.PropFraction(pd, faults));
    }
}
