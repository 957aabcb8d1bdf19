using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// balance_dirty_pages of 2.6.36: a task over its limits with nothing of its own to write
/// sleeps io_schedule_timeout(pause), with pause starting at 1 and, after each sleep,
/// "pause &lt;&lt;= 1; if (pause &gt; HZ / 10) pause = HZ / 10" (up to the 100 ms congestion_wait
/// used to take). At HZ 100 the sleeps are 1, 2, 4, 8, then 10 jiffies each time round.
/// </summary>
public sealed class Balance2636PauseTests
{
    [Fact]
    public void The_pause_doubles_from_one_jiffy_up_to_a_tenth_of_a_second()
    {
        // 100 pages of memory (threshold 40, background 10, midpoint 25); 60 pages put under
        // writeback, their I/O held (the recording executor runs no pending completion), none
        // dirty. Each time round: 60 >= 25; the disk's share is 0 (no completion yet), so it is
        // exceeded; bdi_nr_reclaimable 0 is not over the share, so the task only sleeps. The
        // loop never ends on its own: the executor's bound stops it.
        var runtime = new RecordingRuntime(bound: 200);
        var kernel = new Kernel(runtime, new KernelConfig { Era = KernelEra.V2_6_36, Machine = new Machine { TotalPages = 100 } });
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        kernel.Throttle.WritebackSetRatelimit();
        kernel.Throttle.PageWritebackInit();
        var inode = kernel.CreateInode(0, fs);
        for (var index = 0; index < 60; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true);
        }

        runtime.Inner.Run("flusher", async () =>
            await kernel.PageWriteback.DoWritepages(inode.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 60 }));
        Assert.Equal(60, kernel.Vmstat.NrWriteback);

        Assert.Throws<InvalidOperationException>(() =>
            runtime.Inner.Run("writer", async () => await kernel.Throttle.BalanceDirtyPagesV2636(inode.Mapping, 24)));

        var pauses = runtime.Points.Where(point => point.Label.Function == "io_schedule_timeout").Select(point => point.Label.Arg).Take(7);
        Assert.Equal([1L, 2, 4, 8, Timers.Hz / 10, 10, 10], pauses);
    }
}
