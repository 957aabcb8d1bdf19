using Wbcheck.Model.Tests.Throttle;

namespace Wbcheck.Model.Tests.Sampled.Throttle;

/// <summary>
/// balance_dirty_pages of 2.6.20: after writeback_inodes the task calls get_dirty_limits again
/// before it compares, so a threshold that moved while it wrote is the one it goes by; and on
/// the way out "if (nr_reclaimable + NR_WRITEBACK &lt;= dirty_thresh &amp;&amp; dirty_exceeded)
/// dirty_exceeded = 0" uses that fresh threshold too.
/// </summary>
public sealed class Balance2620LimitsRefreshTests
{
    [Fact]
    public void A_dirty_ratio_raised_while_the_task_writes_is_the_one_it_leaves_by()
    {
        // 100 pages, nothing mapped (unmapped_ratio 100, so dirty_ratio is capped at 50):
        // dirty_ratio 40 gives a threshold of 40. 45 dirty pages are over it: dirty_exceeded
        // is set and the task writes its chunk (ratelimit 16 x 1.5 = 24; 2.6.20's
        // write_cache_pages finishes the pagevec of 14 it is in, so 28 pages go). Page 0 is
        // locked, so its lock_page sleeps, and meanwhile the administrator writes dirty_ratio 50
        // and the page is unlocked. After the chunk: 17 dirty + 28 under writeback = 45 <= 50
        // (the fresh threshold), so the loop breaks there and dirty_exceeded is cleared (with
        // the threshold of before the write, 45 > 40: it would leave by its duty done, exceeded).
        var world = new ThrottleWorld(config: new KernelConfig { Era = KernelEra.V2_6_20 });
        var file = world.AddFile(dirty: 45);
        var page0 = file.Mapping.Pages.Load(0)!;
        world.Run(() => world.Kernel.Filemap.FolioLock(page0));
        world.Runtime.Spawn("sysctl", () =>
        {
            world.Throttle.WriteSysctls(world.Throttle.Sysctls with { DirtyRatio = 50 });
            world.Kernel.Filemap.FolioUnlock(page0);
            return Task.CompletedTask;
        });
        Assert.Equal(40L, world.Limits().Dirty);

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping));

        Assert.Equal(50L, world.Limits().Dirty);
        Assert.Equal(28, world.PagesSubmitted);
        Assert.False(world.Throttle.DirtyExceeded);
    }
}
