using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// balance_dirty_pages of 2.6.20, after its writeback_inodes: "if (nr_reclaimable +
/// global_page_state(NR_WRITEBACK) &lt;= dirty_thresh) break;" [V: shared/reference/page-writeback.c.2.6.20].
/// At the threshold exactly the task is done; it does not go on to count its chunk and, having
/// written less than a chunk, nap in congestion_wait.
/// </summary>
public sealed class Balance2620AtThreshAfterWriteTests
{
    [Fact]
    public void A_task_that_brings_the_count_to_the_threshold_exactly_leaves_without_a_nap()
    {
        // 100 pages, dirty_ratio 40: a threshold of 40. Pages 10 to 44 of the file are under
        // writeback with no bio yet (started by hand), 0 to 9 dirty: 45 > 40, so the task writes,
        // its chunk 24 (ratelimit 16 x 1.5). Page 0 is locked, so its lock_page sleeps, and
        // meanwhile the administrator writes dirty_ratio 45 and the page is unlocked. The pass
        // writes the ten dirty pages (fewer than the chunk): 0 dirty + 45 under writeback = 45
        // <= 45 with the fresh threshold, and the task leaves at once, no jiffy gone, the ten
        // bios not yet completed.
        var world = new ThrottleWorld(config: new KernelConfig { Era = KernelEra.V2_6_20 });
        var file = world.AddFile(dirty: 45);
        world.Run(async () =>
        {
            for (var index = 10; index < 45; index++)
            {
                var page = file.Mapping.Pages.Load(index)!;
                await world.Kernel.Filemap.FolioLock(page);
                Assert.True(await world.Kernel.PageWriteback.ClearPageDirtyForIo(page));
                await world.Kernel.PageWriteback.FolioStartWriteback(page);
                world.Kernel.Filemap.FolioUnlock(page);
            }
        });
        var page0 = file.Mapping.Pages.Load(0)!;
        world.Run(() => world.Kernel.Filemap.FolioLock(page0));
        world.Runtime.Spawn("sysctl", () =>
        {
            world.Throttle.WriteSysctls(world.Throttle.Sysctls with { DirtyRatio = 45 });
            world.Kernel.Filemap.FolioUnlock(page0);
            return Task.CompletedTask;
        });
        var start = world.Jiffies;

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping));

        Assert.Equal(45L, world.Limits().Dirty);
        Assert.Equal(10, world.PagesSubmitted);
        Assert.Equal(45L, world.Vmstat.NrWriteback);
        Assert.Equal(start, world.Jiffies);
        Assert.False(world.Throttle.DirtyExceeded);
    }
}
