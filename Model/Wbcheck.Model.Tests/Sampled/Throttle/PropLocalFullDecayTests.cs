using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// prop_norm_single / prop_norm_percpu (lib/proportions.c, 2.6.24 to 3.4): a local that missed
/// BITS_PER_LONG periods or more has nothing left ("if (missed &lt; BITS_PER_LONG) x &gt;&gt;=
/// missed; else x = 0"), where a shift by 64 would be undefined: a disk idle that long has no
/// share of the completions.
/// </summary>
public sealed class PropLocalFullDecayTests
{
    [Theory]
    [InlineData(63)]
    [InlineData(64)]
    public void A_local_that_missed_64_periods_or_more_has_no_events_left(int others)
    {
        // shift 1: a period is 1 << 0 = 1 event. b counts one event at t = 0; a then counts 63
        // or 64, so t = 64 or 65 and b has missed 64 or 65 periods: BITS_PER_LONG itself is
        // already too many (a shift by 64, masked to 0 in C#, would leave b its event).
        var faults = new Faults();
        var pd = new PropDescriptor();
        pd.PropDescriptorInit(1);
        var a = new PropLocal();
        var b = new PropLocal();
        b.PropInc(pd, faults);
        for (var i = 0; i < others; i++)
        {
            a.PropInc(pd, faults);
        }

        var peek = b.EventsAfterNormPeek(pd, faults);
        b.PropNorm(pd, faults);

        Assert.Equal((ulong)others + 1, pd.Events);
        Assert.Equal((0UL, 0UL), (peek, b.Events));
    }
}
