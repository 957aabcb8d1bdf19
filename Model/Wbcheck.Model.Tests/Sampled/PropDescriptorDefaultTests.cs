using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A proportion descriptor nobody has run prop_descriptor_init on (a race scenario that boots no
/// more of the kernel than it needs, DirtyThrottle.InitProportions' note) counts in the shortest
/// period the format allows, shift 1: period/2 = 1 &lt;&lt; (shift - 1) is one event.
/// </summary>
public sealed class PropDescriptorDefaultTests
{
    [Fact]
    public void An_unbooted_descriptor_has_a_period_of_one_event()
    {
        var pd = new PropDescriptor();

        Assert.Equal((1, 1UL), (pd.Shift, pd.Period2));
    }
}
