using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// balance_dirty_pages of 4.19 (the model's 4.13 era), a task of the root cgroup over the freerun
/// ceiling once BANDWIDTH_INTERVAL (HZ/5 = 20 jiffies) has passed since the disk's last estimate:
/// it takes wb-&gt;list_lock (spinning for it is a preemption point) and __wb_update_bandwidth
/// re-estimates the wb's dirty ratelimit from the global domain's dtc (wb_update_dirty_ratelimit
/// over gdtc: a root task has no mdtc to overwrite it with).
/// </summary>
public sealed class DtcRootEstimateTests
{
    [Fact]
    public void Taking_the_list_lock_for_the_estimate_is_a_preemption_point()
    {
        var (runtime, _) = Pass();

        Assert.Contains((PointKind.SpinLock, new StepLabel("balance_dirty_pages: spin_lock(&wb->list_lock)")), runtime.Points);
    }

    [Fact]
    public void A_root_task_past_the_bandwidth_interval_reestimates_the_balanced_ratelimit_from_the_global_dtc()
    {
        var (_, kernel) = Pass();

        // Worked out by hand (wb_update_dirty_ratelimit over gdtc, 30 jiffies after the boot
        // estimate): dirty_rate = 8 pages x HZ / 30 = 26 a second; the pass is at the hard limit
        // (dirty 8 = limit 8), so pos_ratio 0 and task_ratelimit = 25,600 x 0 >> 10, plus 1, = 1;
        // balanced = 1 x write_bw 25,600 / (26 | 1 = 27) = 948. dirty 8 is over the setpoint
        // (freerun 6 + limit 8) / 2 = 7 and dirty_ratelimit 25,600 is not over max(25,600, 948, 1):
        // no step, so dirty_ratelimit stays at INIT_BW.
        var bw = kernel.Throttle.Bdi;
        Assert.Equal(30L, bw.BwTimeStamp);
        Assert.Equal(948UL, bw.BalancedDirtyRatelimit);
        Assert.Equal(BdiBandwidth.InitBw, bw.DirtyRatelimit);
    }

    private static (RecordingRuntime Runtime, Kernel Kernel) Pass()
    {
        // As DtcStatErrorExitTests: 100 pages, dirty_ratio 8: threshold 8 (the domain's
        // dirty_limit), background 4, freerun ceiling 6.
        var runtime = new RecordingRuntime(bound: 200);
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = KernelEra.V4_13,
            Machine = new Machine { TotalPages = 100 },
            Sysctls = VmSysctls.V2_6_20Default with { DirtyRatio = 8 },
        });
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        kernel.Throttle.PageWritebackInit();
        var inode = kernel.CreateInode(0, fs);
        var file = kernel.Open(inode);

        // 8 pages written (WB_DIRTIED 8 since the boot stamp of 0), then put under writeback,
        // their I/O held (the recording executor runs no pending completion): dirty 8 = wb_dirty 8.
        runtime.Inner.Run("writer", async () =>
        {
            for (var index = 0; index < 8; index++)
            {
                await kernel.Filemap.GenericPerformWrite(file, index);
            }
        });
        runtime.Inner.Run("flusher", async () =>
            await kernel.PageWriteback.DoWritepages(inode.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 8 }));
        kernel.Timers.Advance(30); // past BANDWIDTH_INTERVAL, not past the quiet spell of HZ

        runtime.Inner.Run("writer", async () => await kernel.Throttle.BalanceDirtyPagesDtc(inode.Mapping, 8, BdpFlags.None));
        return (runtime, kernel);
    }
}
