using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// 2.5.31's block layer had no queue congestion state: a queue past 2.6.20's congestion-on
/// threshold marks nothing, and congestion_wait or a read of the bit in that era is a later
/// kernel's path, refused. A queue of 16 requests turns congested at 15 writes from 2.6.20.
/// </summary>
public sealed class ListEraNoCongestionTests
{
    private static ThrottleWorld World(KernelEra era) =>
        new(new Machine { TotalPages = 100, NrRequests = 16 }, config: KernelConfig.Default with { Era = era });

    [Fact]
    public void In_2_5_31_a_queue_past_the_congestion_threshold_marks_nothing()
    {
        var world = World(KernelEra.V2_5);
        var file = world.AddFile(dirty: 15);

        world.StartWriteback(file, 15);

        Assert.Equal(15, world.Kernel.Device.InFlight);
        var refused = Assert.Throws<InvalidOperationException>(() => world.Kernel.BackingDev.WriteCongested);
        Assert.Contains("no queue congestion state", refused.Message);
        Assert.False(ReadCongestedField(world));
    }

    [Fact]
    public void In_2_6_20_the_same_queue_is_write_congested()
    {
        var world = World(KernelEra.V2_6_20);
        var file = world.AddFile(dirty: 15);

        world.StartWriteback(file, 15);

        Assert.True(world.Kernel.BackingDev.WriteCongested);
    }

    [Fact]
    public void In_2_5_31_congestion_wait_is_refused()
    {
        var world = World(KernelEra.V2_5);

        var refused = Assert.Throws<InvalidOperationException>(() => world.Run(() => world.Kernel.BackingDev.CongestionWait(10)));

        Assert.Contains("congestion_wait", refused.Message);
    }

    /// <summary>The bit itself, read past the era's refusal: what the block layer left in it.</summary>
    private static bool ReadCongestedField(ThrottleWorld world) =>
        (bool)typeof(Mm.BackingDevInfo).GetField("writeCongestedField", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(world.Kernel.BackingDev)!;
}
