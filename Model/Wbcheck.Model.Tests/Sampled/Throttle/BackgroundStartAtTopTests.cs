using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// balance_dirty_pages starts background writeout only over the background threshold and
/// outside laptop mode: "if (!laptop_mode &amp;&amp; nr_reclaimable &gt; gdtc-&gt;bg_thresh &amp;&amp;
/// !writeback_in_progress(wb)) wb_start_background_writeback(wb)", at the top of each pass from
/// 29c36351d61f (6.0, the 6.9 era), on the way out before (4.19, the 4.20 era). A task under the
/// freerun ceiling and under the background threshold, or in laptop mode, wakes no flusher.
/// </summary>
public sealed class BackgroundStartAtTopTests
{
    [Theory]
    [InlineData(KernelEra.V6_9, 0, 2, false)]
    [InlineData(KernelEra.V6_9, 0, 10, false)]
    [InlineData(KernelEra.V6_9, 0, 11, true)]
    [InlineData(KernelEra.V6_9, 0, 12, true)]
    [InlineData(KernelEra.V6_9, 500, 12, false)]
    [InlineData(KernelEra.V4_20, 0, 2, false)]
    [InlineData(KernelEra.V4_20, 0, 10, false)]
    [InlineData(KernelEra.V4_20, 0, 11, true)]
    [InlineData(KernelEra.V4_20, 0, 12, true)]
    [InlineData(KernelEra.V4_20, 500, 12, false)]
    public void A_task_under_the_freerun_ceiling_wakes_the_flusher_only_over_the_background_threshold_outside_laptop_mode(KernelEra era, int laptopMode, int dirty, bool woken)
    {
        // 100 pages: dirtyable memory 101 at boot, thresholds 20 and 10 (the default ratios),
        // freerun ceiling (20 + 10) / 2 = 15: 2, 10, 11 and 12 dirty pages all run free. The
        // test is strictly over: 10 dirty pages, at the background threshold, start nothing.
        var runtime = new RecordingRuntime(bound: 200);
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = era,
            Machine = new Machine { TotalPages = 100 },
            Sysctls = VmSysctls.V2_6_20Default with { LaptopMode = laptopMode },
        });
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        kernel.Throttle.PageWritebackInit();
        var inode = kernel.CreateInode(0, fs);
        for (var index = 0; index < dirty; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true);
        }

        runtime.Inner.Run("writer", async () => await kernel.Throttle.BalanceDirtyPagesDtc(inode.Mapping, 1, BdpFlags.None));

        Assert.Equal(woken, runtime.Inner.Pending.Count > 0);
        Assert.Equal(dirty, kernel.Vmstat.NrFileDirty);
    }
}
