namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The throttle's own fields (dirty_exceeded, the sysctls, the periodic flush's state) and the
/// block device's (its error choices, bios in flight, failed writes) are different memory: a step
/// that touches only one does not depend on a step that touches only the other, and the
/// partial-order reduction may run them in one order. Their access ids must not meet.
/// </summary>
public sealed class ThrottleDeviceFootprintTests
{
    [Theory]
    [InlineData("Sysctls")]
    [InlineData("RatelimitPages")]
    [InlineData("DirtyExceeded")]
    public void A_throttle_field_does_not_conflict_with_the_device_s_error_choices(string field)
    {
        var world = new World(pages: 1);
        var throttle = RecordedAccesses.OfField(world.Kernel.Throttle, field);
        var device = RecordedAccesses.OfField(world.Kernel.Device, "PossibleErrors");

        Assert.NotEmpty(throttle.Write);
        Assert.NotEmpty(device.Read);
        var throttleIds = throttle.Read.Concat(throttle.Write).Select(entry => entry >> 1);
        var deviceIds = device.Read.Concat(device.Write).Select(entry => entry >> 1);
        Assert.Empty(throttleIds.Intersect(deviceIds));
    }
}
