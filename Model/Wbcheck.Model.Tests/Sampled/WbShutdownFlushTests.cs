using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// wb_shutdown flushes the wb's flusher work (mod_delayed_work then flush_delayed_work of
/// wb-&gt;dwork) before cgwb_release_workfn frees the wb [R]: a release that finds the wb's
/// flusher queued waits for it, and the work's end lets it go on. Here a dirtier's wb_wakeup of
/// the dying (still registered) wb comes after the last reference's put has queued the release,
/// so the release runs first and must wait for the flusher; 6.9, a wb with no inodes left.
/// </summary>
public sealed class WbShutdownFlushTests
{
    [Fact]
    public void A_release_waits_for_the_wbs_flusher_and_frees_the_wb_when_it_ends()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V6_9 });
        var memcg = new MemCgroup("job", 1000);
        var file = world.Kernel.CreateInode(0, world.Fs);
        memcg.Charge(file.Mapping);
        world.Kernel.Filemap.AddCachedPage(file.Mapping, 0, dirty: true);
        world.Run(async () => await world.Kernel.FsWriteback.WritebackSingleInode(file, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 }));
        world.RunAllPending();
        var wb = memcg.Wb!;

        // A holder of our own keeps the wb through the offline cleanup, which switches the file away.
        DirtyThrottle.WbGet(wb);
        world.Throttle.MemCgroupCssOffline(memcg);
        world.RunAllPending();
        Assert.False(wb.Freed);
        Assert.Equal(1L, wb.Refcnt);

        world.Run(() =>
        {
            world.Throttle.WbPut(wb); // the release is queued
            world.Throttle.WbWakeup(wb); // then the flusher
            return ValueTask.CompletedTask;
        });
        world.RunAllPending();

        Assert.True(wb.Freed);
    }
}
