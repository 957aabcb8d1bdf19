using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Tests;

/// <summary>
/// struct backing_dev_info: its ratios and capabilities, and its footprints (Model/Runtime/AccessLog): reading each of its fields
/// conflicts with writing it, or the partial-order reduction takes a step that changes the field
/// (pdflush claiming the disk, a test setting the strictlimit capability) for independent of one
/// that looks at it. And the bdi's ids are its own: shared with the clock, the device or another
/// subsystem, steps that touch only the bdi would look dependent on steps that touch only those,
/// and the search would run orders that cannot differ.
/// </summary>
public sealed class BackingDevInfoTests
{
    private static (ulong[] Read, ulong[] Write)[] Fields(Kernel kernel)
    {
        var bdi = kernel.BackingDev;
        return
        [
            (RecordedAccesses.Of(() => _ = bdi.StableWrites), RecordedAccesses.Of(() => bdi.StableWrites = true)),
            (RecordedAccesses.Of(() => _ = bdi.Strictlimit), RecordedAccesses.Of(() => bdi.Strictlimit = true)),
            (RecordedAccesses.Of(() => _ = bdi.MaxRatio), RecordedAccesses.Of(() => bdi.MaxRatio = 50)),
            (RecordedAccesses.Of(() => _ = bdi.WritebackInProgress()), RecordedAccesses.Of(bdi.WritebackRelease)),
        ];
    }

    [Fact]
    public void Reading_each_field_of_the_bdi_conflicts_with_writing_it_and_with_no_other_field()
    {
        var fields = Fields(new Kernel(new SequentialRuntime()));

        foreach (var (read, write) in fields)
        {
            Assert.Contains(read, entry => (entry & 1) == 0);
            Assert.Contains(write, entry => (entry & 1) == 1);
            Assert.Contains(read, entry => write.Contains(entry | 1));
        }

        Assert.Equal(fields.Length, fields.SelectMany(f => f.Read).Distinct().Count());
    }

    /// <summary>
    /// bdi_init sets max_ratio to 100 (a disk may take the whole dirty threshold until it is
    /// lowered, as FUSE does), and bdi_set_max_ratio refuses a ratio above 100 (-EINVAL).
    /// </summary>
    [Fact]
    public void A_disk_s_max_ratio_is_100_until_lowered_and_cannot_be_raised_above_100()
    {
        var bdi = new Kernel(new SequentialRuntime()).BackingDev;

        Assert.Equal(100, bdi.MaxRatio);
        bdi.MaxRatio = 40;
        bdi.MaxRatio = 100;
        Assert.Equal(100, bdi.MaxRatio);
        Assert.Throws<ArgumentOutOfRangeException>(() => bdi.MaxRatio = 101);
        Assert.Throws<ArgumentOutOfRangeException>(() => bdi.MaxRatio = -1);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_the_IO_less_throttle_a_disk_s_max_ratio_cannot_be_set(KernelEra era)
    {
        var bdi = new Kernel(new SequentialRuntime(), KernelConfig.Default with { Era = era }).BackingDev;

        var e = Assert.Throws<InvalidOperationException>(() => bdi.MaxRatio = 50);

        Assert.Contains("3.19", e.Message);
        Assert.Equal(100, bdi.MaxRatio);
    }

    [Fact]
    public void The_bdi_s_ids_are_none_of_the_clock_s_the_device_s_or_another_subsystem_s()
    {
        var kernel = new Kernel(new SequentialRuntime());
        var timer = new TimerList("wb_timer", () => { });
        var others = RecordedAccesses.Of(() =>
        {
            _ = timer.Expires;
            _ = timer.Pending;
            _ = kernel.Device.InFlight;
        }).Concat(Enum.GetValues<AccessIds.Subsystem>().Select(subsystem => AccessIds.Of(subsystem) << 1)).ToHashSet();

        var bdi = Fields(kernel).SelectMany(f => f.Read).ToList();

        Assert.NotEmpty(bdi);
        Assert.DoesNotContain(bdi, others.Contains);
    }
}
