using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>100 pages of memory: dirty threshold 40, background 10, write chunk 24.</summary>
public sealed class BalanceDirtyPagesTests
{
    [Fact]
    public void The_write_chunk_is_half_as_much_again_as_the_ratelimit()
    {
        var world = new ThrottleWorld();

        Assert.Equal(16, world.Throttle.RatelimitPages);
        Assert.Equal(24, world.Throttle.SyncWritebackPages());
    }

    [Fact]
    public void Under_the_dirty_threshold_it_returns_at_once_without_writing()
    {
        var world = new ThrottleWorld();
        var file = world.AddFile(dirty: 40);

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping));

        Assert.Equal(0, world.PagesSubmitted);
        Assert.False(world.Throttle.DirtyExceeded);
    }

    [Fact]
    public void Over_the_threshold_it_writes_one_chunk_and_returns_even_if_still_over()
    {
        var world = new ThrottleWorld();
        var file = world.AddFile(dirty: 60);

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping));

        // Writing moves pages from dirty to writeback: still 60 over 40, but its duty is done.
        Assert.Equal(24, world.PagesSubmitted);
        Assert.Equal(36, world.Vmstat.NrFileDirty);
        Assert.Equal(24, world.Vmstat.NrWriteback);
        Assert.True(world.Throttle.DirtyExceeded);
    }

    [Fact]
    public void Over_2_6_20_writeback_a_throttled_task_writes_to_the_end_of_its_pagevec()
    {
        // generic_writepages notices nr_to_write ran out only between pagevecs of 14 pages: the
        // chunk of 24 becomes 28, and pages_written counts all of them.
        var world = new ThrottleWorld(config: new KernelConfig { Era = KernelEra.V2_6_20, BatchSize = 14 });
        var file = world.AddFile(dirty: 60);

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping));

        Assert.Equal(28, world.PagesSubmitted);
        Assert.True(world.Throttle.DirtyExceeded);
    }

    [Fact]
    public void With_less_than_a_chunk_to_write_it_waits_for_writeback_until_under_the_threshold()
    {
        var world = new ThrottleWorld();
        var file = world.AddFile(dirty: 45);
        world.StartWriteback(file, 35);

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping));

        // It wrote the 10 dirty pages, then waited for completions one at a time: it returned
        // as soon as dirty plus writeback was 40, with the rest of the I/O still in flight.
        Assert.Equal(45, world.PagesSubmitted);
        Assert.Equal(0, world.Vmstat.NrFileDirty);
        Assert.Equal(40, world.Vmstat.NrWriteback);
        Assert.False(world.Throttle.DirtyExceeded);
    }

    [Fact]
    public void With_only_writeback_over_the_threshold_it_only_waits()
    {
        // 2.6.20's balance_dirty_pages on its own era: the legacy queue's completions end its
        // congestion_wait (the default era's blk-mq queue wakes nobody, so each would last HZ/10).
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V2_6_20 });
        var file = world.AddFile(dirty: 45);
        world.StartWriteback(file, 45);

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping));

        Assert.Equal(45, world.PagesSubmitted);
        Assert.Equal(40, world.Vmstat.NrWriteback);
        Assert.Equal(0, world.Jiffies); // woken by completions, not by the timeout
    }

    [Fact]
    public void Unstable_nfs_pages_count_and_writeback_of_inodes_commits_them()
    {
        var world = new ThrottleWorld();
        var file = world.AddFile(dirty: 0);
        world.Throttle.SetUnstableNfs(50);

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping));

        Assert.Equal(0, world.Vmstat.NrUnstableNfs);
        Assert.Equal(0, world.PagesSubmitted);
        Assert.False(world.Throttle.DirtyExceeded);
    }

    [Fact]
    public void Over_the_background_threshold_it_wakes_pdflush_for_background_writeout()
    {
        var world = new ThrottleWorld();
        var file = world.AddFile(dirty: 11);

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping));

        Assert.Equal(["pdflush background_writeout"], world.PendingNames);
    }

    [Fact]
    public void At_the_background_threshold_it_leaves_pdflush_alone()
    {
        var world = new ThrottleWorld();
        var file = world.AddFile(dirty: 10);

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping));

        Assert.Empty(world.PendingNames);
    }

    [Fact]
    public void It_does_not_wake_pdflush_while_pdflush_is_writing_the_disk()
    {
        var world = new ThrottleWorld();
        var file = world.AddFile(dirty: 30);
        Assert.True(world.Kernel.BackingDev.WritebackAcquire());

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping));

        Assert.Empty(world.PendingNames);
    }

    [Fact]
    public void In_laptop_mode_background_writeout_waits_for_the_dirty_threshold()
    {
        var world = new ThrottleWorld(sysctls: VmSysctls.V2_6_20Default with { LaptopMode = 5 * Time.Timers.Hz });
        var file = world.AddFile(dirty: 30);

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping));

        Assert.Empty(world.PendingNames);
    }

    [Fact]
    public void In_laptop_mode_a_task_that_had_to_write_wakes_background_writeout()
    {
        var world = new ThrottleWorld(sysctls: VmSysctls.V2_6_20Default with { LaptopMode = 5 * Time.Timers.Hz });
        var file = world.AddFile(dirty: 60);

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping));

        Assert.Equal(24, world.PagesSubmitted);
        Assert.Contains("pdflush background_writeout", world.PendingNames);
    }

    [Fact]
    public void A_less_throttled_task_is_let_through_where_an_ordinary_one_writes()
    {
        var world = new ThrottleWorld();
        var file = world.AddFile(dirty: 45);

        world.Run(() => world.Throttle.BalanceDirtyPages(file.Mapping), new TaskStruct { Comm = "nfsd", LessThrottle = true });

        Assert.Equal(0, world.PagesSubmitted); // 45 is under its 50
    }

    [Fact]
    public void Set_page_dirty_balance_throttles_only_after_dirtying_a_clean_page()
    {
        var world = new ThrottleWorld(config: KernelConfig.Default with { Era = KernelEra.V2_6_20, BatchSize = 8 });
        var file = world.AddFile(dirty: 60, clean: 1);
        var dirtyPage = file.Mapping.Pages.Load(0)!;
        var cleanPage = file.Mapping.Pages.Load(60)!;

        // Sixteen calls reach the ratelimit; only newly dirtied pages count.
        for (var call = 0; call < 15; call++)
        {
            world.Run(() => world.Throttle.BalanceDirtyPagesRatelimited(file.Mapping));
        }

        world.Run(() => world.Throttle.SetPageDirtyBalance(dirtyPage));
        Assert.Equal(0, world.PagesSubmitted);

        world.Run(() => world.Throttle.SetPageDirtyBalance(cleanPage));
        Assert.Equal(24, world.PagesSubmitted);
    }
}
