using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// balance_dirty_pages of 4.19 (the model's 4.13 era), after a pause: "if (task_ratelimit)
/// break;" then "if (sdtc-&gt;wb_dirty &lt;= wb_stat_error()) break;": a task held at a zero
/// rate (dirty at or over the hard limit) still goes once its wb's own dirty and writeback pages
/// are no more than wb_stat_error, so that a stuck device (an unresponsive NFS server) does not
/// hold tasks writing to other wbs. wb_stat_error() is WB_STAT_BATCH = 8 * (1 + ilog2(1)) = 8
/// on one CPU: a wb of exactly 8 pages lets the task go.
/// </summary>
public sealed class DtcStatErrorExitTests
{
    [Fact]
    public void A_task_at_a_zero_rate_leaves_after_one_pause_when_its_wb_is_exactly_at_the_stat_error()
    {
        // 100 pages, dirty_ratio 8: dirtyable memory 100 free + 1 = 101 at boot, threshold
        // 8 x 101 / 100 = 8, which writeback_set_ratelimit makes the domain's dirty_limit;
        // background 10 x 101 / 100 = 10 >= 8, so 8 / 2 = 4; freerun ceiling (8 + 4) / 2 = 6.
        var runtime = new RecordingRuntime(bound: 200);
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = KernelEra.V4_13,
            Machine = new Machine { TotalPages = 100 },
            Sysctls = VmSysctls.V2_6_20Default with { DirtyRatio = 8 },
        });
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        kernel.Throttle.PageWritebackInit();
        Assert.Equal(8UL, kernel.Throttle.Bdi.GlobalDirtyLimit);

        // 8 dirty pages put under writeback, their I/O held (the recording executor runs no
        // pending completion): dirty 8 = wb_dirty 8 (one wb, the root one).
        var inode = kernel.CreateInode(0, fs);
        for (var index = 0; index < 8; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true);
        }

        runtime.Inner.Run("flusher", async () =>
            await kernel.PageWriteback.DoWritepages(inode.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 8 }));
        Assert.Equal(8, kernel.Vmstat.NrWriteback);

        // The look: dirty 8 is over the freerun ceiling 6, and at the hard limit max(8, 8):
        // pos_ratio 0, task_ratelimit 0, so pause = max_pause = wb_max_pause: the initial
        // bandwidth 25,600 pages/s, t = 8 / (1 + 25600 / roundup_pow_of_two(1 + HZ / 8 = 13)
        // = 16) = 8 / 1601 = 0, plus 1: one jiffy. After it task_ratelimit is still 0, and
        // wb_dirty 8 <= 8: break. Nothing completes meanwhile, so a loop that did not leave
        // here would pause for ever (the executor's bound would stop it).
        runtime.Inner.Run("writer", async () => await kernel.Throttle.BalanceDirtyPagesDtc(inode.Mapping, 8, BdpFlags.None));

        Assert.Equal([1L], runtime.Points.Where(point => point.Label.Function == "io_schedule_timeout").Select(point => point.Label.Arg));
        Assert.Equal(8, kernel.Vmstat.NrWriteback);
    }
}
