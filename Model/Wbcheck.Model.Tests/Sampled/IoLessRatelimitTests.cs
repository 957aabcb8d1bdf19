using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// writeback_set_ratelimit of the I/O-less throttle (3.18; 4.19 the same): global_dirty_limit
/// starts at the dirty threshold, and ratelimit_pages = dirty_thresh / (num_online_cpus() * 32),
/// at least 16, with no four-megabyte cap any more (2.6.x's RatelimitTests).
/// </summary>
public sealed class IoLessRatelimitTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Boot_sizes_the_ratelimit_from_the_dirty_threshold(int cpus)
    {
        var kernel = new Kernel(new Runtime.SequentialRuntime(), new KernelConfig { Era = KernelEra.V3_19, Machine = new Machine { OnlineCpus = cpus, TotalPages = 65536 } });

        kernel.Throttle.PageWritebackInit();

        var thresh = kernel.Throttle.Bdi.GlobalDirtyLimit;
        Assert.True(thresh / (ulong)(cpus * 32) > 32, $"threshold {thresh}");
        Assert.Equal((long)(thresh / (ulong)(cpus * 32)), kernel.Throttle.RatelimitPages);
    }
}
