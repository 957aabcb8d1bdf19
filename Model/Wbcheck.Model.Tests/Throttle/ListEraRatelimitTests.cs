using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// What 2.5.31 booted with: dirty_background_ratio 40 and dirty_async_ratio 50 (10 and 40 from
/// 2.5.33), a fixed RATELIMIT_PAGES of 512 KB of pages tested before the count is bumped, a chunk
/// of half as much again, and no scaling of the ratios by the highmem share at boot [V: the "-"
/// sides of akpm's "scaled writeback throttling levels", against 2.5.31, and "adjustments to
/// dirty memory thresholds", against 2.5.32].
/// </summary>
public sealed class ListEraRatelimitTests
{
    private static Kernel Boot(KernelEra era, Machine? machine = null)
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = era, Machine = machine ?? new Machine { OnlineCpus = 1, TotalPages = 100 } });
        kernel.Throttle.PageWritebackInit();
        return kernel;
    }

    [Theory]
    [InlineData(KernelEra.V2_5, 40, 50)]
    [InlineData(KernelEra.V2_6_20, 10, 40)]
    public void Each_era_boots_with_its_kernel_s_dirty_ratios(KernelEra era, int background, int dirty)
    {
        var kernel = Boot(era);

        Assert.Equal((background, dirty), (kernel.Throttle.Sysctls.DirtyBackgroundRatio, kernel.Throttle.Sysctls.DirtyRatio));
        Assert.Equal(background, kernel.Throttle.BackgroundThresholdOfEra());
        Assert.Equal(dirty, kernel.Throttle.DirtyThresholdOfEra().Threshold);
    }

    [Fact]
    public void In_2_5_31_a_cpu_looks_at_dirty_memory_on_the_129th_page_whatever_the_machine()
    {
        // "count++ >= RATELIMIT_PAGES" reads the count before this page's bump: 128 pages pass,
        // the 129th looks and leaves the count at 0, so the next look is 129 pages on.
        var kernel = Boot(KernelEra.V2_5);
        var inode = kernel.CreateInode(0, new Fs.SimpleFs(kernel, Fs.SimpleFsOptions.Default));

        Assert.Equal((128L, 192L), (kernel.Throttle.RatelimitPages, kernel.Throttle.SyncWritebackPages()));
        Assert.Equal([128L, 0L, 128L, 0L], CountsAfter(kernel, inode, 128, 1, 128, 1));
    }

    [Fact]
    public void From_2_6_20_the_ratelimit_th_page_looks()
    {
        // "*p += nr_pages_dirtied; if (*p >= ratelimit)": the 16th page of a ratelimit of 16.
        var kernel = Boot(KernelEra.V2_6_20);
        var inode = kernel.CreateInode(0, new Fs.SimpleFs(kernel, Fs.SimpleFsOptions.Default));

        Assert.Equal(16L, kernel.Throttle.RatelimitPages);
        Assert.Equal([15L, 0L, 15L, 0L], CountsAfter(kernel, inode, 15, 1, 15, 1));
    }

    /// <summary>CPU 0's count after each run of so many pages dirtied, one call a page.</summary>
    private static List<long> CountsAfter(Kernel kernel, Fs.Inode inode, params int[] runs)
    {
        var counts = new List<long>();
        var runtime = (SequentialRuntime)kernel.Runtime;
        foreach (var pages in runs)
        {
            runtime.Run("dirtier", async () =>
            {
                for (var page = 0; page < pages; page++)
                {
                    await kernel.Throttle.BalanceDirtyPagesRatelimited(inode.Mapping);
                }
            });
            counts.Add(kernel.Throttle.Ratelimits(0));
        }

        return counts;
    }

    [Fact]
    public void In_2_5_31_boot_leaves_the_ratios_alone_on_a_machine_mostly_of_high_memory()
    {
        // 100 low pages of 600: 2.6.20 scales the ratios by 4 * 100 / 600, to two thirds.
        var machine = new Machine { OnlineCpus = 1, TotalPages = 600, TotalHighPages = 500 };

        Assert.Equal((40, 50), Ratios(Boot(KernelEra.V2_5, machine)));
        Assert.Equal((6, 26), Ratios(Boot(KernelEra.V2_6_20, machine)));
    }

    [Fact]
    public void Only_the_list_era_is_built_with_another_ratelimit_constant()
    {
        // The lasso search's smaller configuration: 2.5.31 built with RATELIMIT_PAGES 16.
        var listEra = Boot(KernelEra.V2_5);
        listEra.Throttle.BuildWithRatelimitPages(16);
        Assert.Equal(16, listEra.Throttle.RatelimitPages);

        Assert.Throws<InvalidOperationException>(() => Boot(KernelEra.V2_6_20).Throttle.BuildWithRatelimitPages(16));
    }

    private static (int Background, int Dirty) Ratios(Kernel kernel) => (kernel.Throttle.Sysctls.DirtyBackgroundRatio, kernel.Throttle.Sysctls.DirtyRatio);
}
