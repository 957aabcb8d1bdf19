using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// kupdate stops its loop when a work is queued on the flusher, so that the work (sync's) runs
/// (aa373cf55099, 2.6.37: KernelEras.FlusherYieldsToQueuedWork, the 3.19 era on); before, the work
/// waited for kupdate's loop to end. Two files old enough for kupdate: a slow one (8 pages, 16
/// ticks) and one of 2 pages. A work is queued while kupdate writes the slow file's last page.
/// </summary>
public sealed class KupdateYieldTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_36, 10)]
    [InlineData(KernelEra.V3_19, 8)]
    [InlineData(KernelEra.V6_9, 8)]
    public void From_2_6_37_kupdate_stops_at_its_next_pass_when_a_work_is_queued(KernelEra era, int kupdateWrites)
    {
        var world = new ThrottleWorld(new Machine { TotalPages = 100, MaxWritebackPages = 4 }, config: KernelConfig.Default with { Era = era });
        world.Throttle.WritebackSetRatelimitIoLess();
        var disk = new ScriptedDisk(world);
        var slow = disk.AddFile(dirty: 8);
        var small = disk.AddFile(dirty: 2);
        disk.TicksPerPage[slow] = 2;
        world.Kernel.Timers.Advance(world.Throttle.Sysctls.DirtyExpireInterval + 1);
        disk.AfterWrite = page =>
        {
            if (page.Mapping!.Host == slow && page.Index == 7)
            {
                world.Kernel.FsWriteback.WbQueueWork(null, new WbWritebackWork { SyncMode = WritebackSyncMode.None });
            }
        };

        world.Run(() => world.Throttle.WbKupdate(0));

        // 3.19 on: the pass that wrote the slow file went back to the loop after HZ/10, and the
        // loop stopped for the work with the small file still on b_io. 2.6.36: the loop went on
        // to the small file.
        Assert.Equal(kupdateWrites, world.PagesSubmitted);
        Assert.Equal(kupdateWrites < 10, (small.State & InodeState.DirtyPages) != 0);
        Assert.Contains("flusher", world.PendingNames);
    }
}
