using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Shrinker;

/// <summary>
/// super_cache_scan's share of a batch for the inodes, <c>mult_frac(nr_to_scan, inodes,
/// dentries + inodes + fs_objects + 1)</c>: the + 1 is in every era the model has (a 6.6 copy
/// still has it; it went in 2025, after 6.10), plus one more to the walk from 4.0.
/// </summary>
public sealed class SuperCacheScanShareTests
{
    [Theory]
    [InlineData(KernelEra.V3_19, 1)]
    [InlineData(KernelEra.V4_13, 2)]
    [InlineData(KernelEra.V5_0, 2)]
    [InlineData(KernelEra.V6_9, 2)]
    public void Two_inodes_get_one_of_a_scan_of_two_the_total_counting_one_more(KernelEra era, int walk)
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = era });
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        kernel.CreateUnusedInode(0, fs);
        kernel.CreateUnusedInode(0, fs);

        // mult_frac(2, 2, 3) = 1; without the + 1 it would be 2.
        Assert.Equal(walk, kernel.Vmscan.SuperCacheScanInodes(era, 2));
    }
}
