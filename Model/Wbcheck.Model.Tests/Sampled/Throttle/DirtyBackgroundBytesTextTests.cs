using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// vm.dirty_background_bytes overrides vm.dirty_background_ratio whenever it is non-zero
/// (global_dirty_limits: "if (bg_bytes) background = DIV_ROUND_UP(bg_bytes, PAGE_SIZE)"; the
/// sysctl's least value is 1), and 0 leaves the ratio in force. The settings' text names the one
/// in force, so it says what the thresholds were computed from.
/// </summary>
public sealed class DirtyBackgroundBytesTextTests
{
    [Fact]
    public void The_kernel_s_defaults_print_both_ratios()
    {
        Assert.Equal("dirty_ratio 20, dirty_background_ratio 10", new ThrottleSettings().ToString());
    }

    [Fact]
    public void One_byte_of_dirty_background_bytes_is_in_force_and_printed_as_bytes()
    {
        // 100,000 pages dirtyable: the ratio would give 10,000; one byte rounds up to one page.
        var settings = new ThrottleSettings { DirtyBackgroundBytes = 1 };
        var throttle = new PageWritebackThrottle(KernelEra.V6_9, Faults.None);

        var limits = throttle.GlobalDirtyLimits(new MemoryCounters { FileLru = 99_999 }, settings, new TaskStruct { Comm = "writer" }, 0);

        Assert.Equal(1UL, limits.Background);
        Assert.Equal("dirty_ratio 20, dirty_background_bytes 1", settings.ToString());
    }
}
