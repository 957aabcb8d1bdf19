using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// What the allocator's slow path does after a direct reclaim that freed nothing, era by era, and
/// what the OOM killer's kill does to the writer. The machine: two nodes of 100 pages,
/// min_free_kbytes 128 (min 16, low 20, high 24 a node), 160 cached pages, all dirty and pinned
/// (<see cref="ZoneWorld"/>), so that direct reclaim frees none in any era. The writer's 9th page
/// finds both nodes at their min watermark.
/// </summary>
public sealed class OomKillTests
{
    private static readonly Machine Numa = new() { OnlineCpus = 2, TotalPages = 200, Nodes = 2, MinFreeKbytes = 128 };

    [Theory]
    [InlineData(KernelEra.V2_6_20, 3)]
    [InlineData(KernelEra.V2_6_29, 1)]
    [InlineData(KernelEra.V2_6_36, 4)]
    [InlineData(KernelEra.V3_19, 4)]
    [InlineData(KernelEra.V4_13, PageAlloc.MaxReclaimRetries + 1)]
    [InlineData(KernelEra.V4_20, PageAlloc.MaxReclaimRetries + 1)]
    [InlineData(KernelEra.V6_9, PageAlloc.MaxReclaimRetries + 1)]
    public void A_reclaim_that_frees_nothing_goes_to_the_OOM_killer_once_every_zone_is_scanned_six_times_before_4_7_at_once_in_2_6_24_to_2_6_34_and_after_16_retries_from_4_7(KernelEra era, long rounds)
    {
        // Pinned pages: no round frees one. Before 0a0337e0d1d1
        // (4.7) a round without progress still reports progress while a zone has been scanned
        // fewer than six times its LRU pages (504) since a page was freed into it. The count is
        // what the isolation scanned (zone->pages_scanned += nr_scan, NR_PAGES_SCANNED): a call
        // of 2.6.20 scans each node's (84 >> p) + 1 for p = 12 to 0, 178, through its deferred
        // count, so the 3rd call finds both at 534; 2.6.36 and 3.19 scan 84 >> p, 165 a call, so
        // the 4th finds 660 (2.6.36 defers the small counts, and scans them all by priority 2);
        // 2.6.24 to 2.6.34 reported only the pages freed (2.6.29: the first round); from 4.7
        // should_reclaim_retry retries while the zones' dirty pages would clear the min watermark
        // if freed, MAX_RECLAIM_RETRIES times, and the 17th round without progress gives up.
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: true, pinned: true);

        world.Write(pages: 9);

        var alloc = world.Kernel.PageAlloc;
        Assert.Equal(rounds, alloc.AllocStall);
        var kill = Assert.Single(alloc.Oom.Kills);
        Assert.Equal(("writer", "writer", era), (kill.Victim, kill.Invoker, kill.Era));
    }

    [Theory]
    [InlineData(KernelEra.V4_13, 160)]
    [InlineData(KernelEra.V5_0, 160)]
    [InlineData(KernelEra.V6_9, 2 * (PageAlloc.MaxReclaimRetries + 1))]
    public void Retries_without_progress_wait_for_write_pending_pages_in_4_7_to_5_15(KernelEra era, long jiffies)
    {
        // Every zone's reclaimable pages are dirty: 4.7 to 5.15 wait HZ/10 in congestion_wait
        // before each of the 16 retries (no I/O in flight, so the whole timeout passes); 6.9
        // passes a cond_resched and leaves the waiting to reclaim: each of its 17 calls, having
        // freed nothing by priority 1 with more than half of the node's reclaimable pages
        // waiting for writeback, sleeps one jiffy in reclaim_throttle(VMSCAN_THROTTLE_NOPROGRESS),
        // and again in its second pass, with deactivation forced (b91ac374346b, 5.5): the first
        // left active pages alone and freed nothing.
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: true);

        world.Write(pages: 9);

        Assert.Equal(jiffies, world.Kernel.Timers.Jiffies);
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void A_round_with_progress_starts_the_count_of_rounds_without_it_again(KernelEra era)
    {
        // Sixteen rounds without progress behind it: one more without gives up, one with
        // progress resets the count to 0 and retries.
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: true);
        var alloc = world.Kernel.PageAlloc;
        var zonelist = alloc.Zonelist(world.Written.Mapping);
        var (withProgress, without) = (new AllocRetries { NoProgressLoops = PageAlloc.MaxReclaimRetries }, new AllocRetries { NoProgressLoops = PageAlloc.MaxReclaimRetries });
        var retries = (false, true);

        world.Write(pages: 8, after: async () => retries = (await alloc.ShouldReclaimRetry(zonelist, didSomeProgress: true, withProgress), await alloc.ShouldReclaimRetry(zonelist, didSomeProgress: false, without)));

        Assert.Equal((true, false), retries);
        Assert.Equal((0, PageAlloc.MaxReclaimRetries + 1), (withProgress.NoProgressLoops, without.NoProgressLoops));
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void A_zone_that_could_not_clear_its_min_watermark_with_every_reclaimable_page_freed_goes_to_the_OOM_killer_at_once(KernelEra era)
    {
        // Anonymous pages (no swap) leave each node 16 free pages, its min watermark, and no file
        // page: should_reclaim_retry sees nothing reclaimable that could lift a zone over min, so
        // even 4.7 on go to the OOM path after the first round.
        var world = new ZoneWorld(era, Numa);
        world.Kernel.Vmstat.NrAnonPages = 168;

        var results = world.Write(pages: 1);

        Assert.Equal(1L, world.Kernel.PageAlloc.AllocStall);
        Assert.Single(world.Kernel.PageAlloc.Oom.Kills);
        Assert.True(results[0] > 0, "the victim's page comes from the reserves");
    }

    [Theory]
    [InlineData(KernelEra.V2_6_20, 3)]
    [InlineData(KernelEra.V2_6_29, 1)]
    [InlineData(KernelEra.V3_19, 4)]
    public void Before_4_x_the_killed_writer_goes_on_writing_from_the_reserves_until_they_run_out_then_gets_ENOMEM(KernelEra era, long rounds)
    {
        // TIF_MEMDIE gives the victim ALLOC_NO_WATERMARKS: the 16 free pages of each node. Its
        // write loop does not look for the fatal signal, so its 9th to 40th pages come from there
        // and the 41st finds nothing: nopage, write_begin's -ENOMEM, no reclaim. The kill comes
        // after the calls of the test above (3 in 2.6.20, 4 in 3.19: 178 and 165 scanned a call).
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: true, pinned: true);

        var results = world.Write(pages: 42);

        Assert.All(results.Take(40), result => Assert.True(result > 0));
        Assert.Equal([Errno.ENOMEM, Errno.ENOMEM], results.Skip(40));
        Assert.Equal(rounds, world.Kernel.PageAlloc.AllocStall);
        Assert.Equal(0UL, world.Kernel.Throttle.ZoneFreePages(world.Kernel.PageAlloc.Zones[0]) + world.Kernel.Throttle.ZoneFreePages(world.Kernel.PageAlloc.Zones[1]));
    }

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void From_4_x_the_killed_writer_gets_its_page_from_the_reserves_and_its_next_write_is_EINTR(KernelEra era)
    {
        // The kill counts as progress: the allocation retries with the victim's access to the
        // reserves and gets its page; generic_perform_write then sees the fatal signal before the
        // next page's write_begin.
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: true);

        var results = world.Write(pages: 11);

        Assert.All(results.Take(9), result => Assert.True(result > 0));
        Assert.Equal([Errno.EINTR, Errno.EINTR], results.Skip(9));
        Assert.Equal(9, world.Written.Mapping.NrPages);
    }

    [Theory]
    [InlineData(KernelEra.V4_13, 31)]
    [InlineData(KernelEra.V4_17, 15)]
    [InlineData(KernelEra.V6_9, 15)]
    public void An_OOM_victim_may_take_every_free_page_before_4_14_and_half_the_min_reserve_from_it(KernelEra era, int more)
    {
        // After its 9th page (one of node 0's 16 reserve pages) the killed writer allocates until
        // the allocator says no: 4.13's ALLOC_NO_WATERMARKS empties both nodes (15 + 16); from
        // 4.14 ALLOC_OOM stops each node at half its min watermark, 8 free pages (7 + 8).
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: true);
        var mapping = world.Cache.Mapping;
        var taken = 0;

        world.Write(pages: 9, after: async () =>
        {
            // Pages inserted into the cache (a read's add_to_page_cache_lru), so the zones count them;
            // left locked, as reads not yet done, so that a victim's reclaim (from 4.11) cannot free them.
            while (await world.Kernel.Filemap.AddToPageCacheLru(mapping, 1000 + taken) is not null)
            {
                taken++;
            }
        });

        Assert.Equal(more, taken);
    }

    [Theory]
    [InlineData(KernelEra.V4_13, 2 * (PageAlloc.MaxReclaimRetries + 1))]
    [InlineData(KernelEra.V6_9, 2 * (PageAlloc.MaxReclaimRetries + 1))]
    public void From_4_11_an_OOM_victim_with_its_reserves_spent_reclaims_and_retries_before_it_fails(KernelEra era, long rounds)
    {
        // 4.11 moved the victim's nopage from before direct reclaim to after the OOM path: the
        // allocation that finds the reserves spent reclaims, is retried 16 times without progress
        // as any other, and fails where out_of_memory would be called: the writer's 17 rounds and
        // 17 more. Before 4.11 the victim fails before reclaiming (the ENOMEM test above: 1 round).
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: true);
        var mapping = world.Cache.Mapping;
        var failed = false;

        world.Write(pages: 9, after: async () =>
        {
            for (var index = 1000; !failed; index++)
            {
                // Left locked (reads not yet done), so reclaim cannot free them.
                failed = await world.Kernel.Filemap.AddToPageCacheLru(mapping, index) is null;
            }
        });

        Assert.True(failed);
        Assert.Equal(rounds, world.Kernel.PageAlloc.AllocStall);
        Assert.Single(world.Kernel.PageAlloc.Oom.Kills);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_killed_writer_exits_on_its_way_back_to_user_space_and_the_next_allocator_is_killed_in_its_turn(KernelEra era)
    {
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: true, pinned: true);
        world.Write(pages: 9);
        var oom = world.Kernel.PageAlloc.Oom;
        Assert.True(world.WriterExited);
        Assert.Equal(0, oom.LiveVictims);

        Assert.True(world.Read("reader", 500), "the reader, killed in its turn, gets its page from the reserves");

        Assert.Equal(["writer", "reader"], oom.Kills.Select(kill => kill.Victim));
        Assert.Equal(0, oom.Aborts);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    public void While_a_victim_lives_another_allocator_s_out_of_memory_kills_nobody_and_it_retries(KernelEra era)
    {
        // The writer is killed but does not exit (stuck in the kernel). The reader's reclaim frees
        // nothing and its out_of_memory aborts, round after round: before the oom_reaper (4.6)
        // for ever, the livelock the reaper ended; from 4.6 the reaper has not run yet here (its
        // thread is never scheduled by this sequential run).
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: true, pinned: true);
        world.Write(pages: 9, stuck: true);
        world.Runtime.MaxSteps = 20_000;

        Assert.Throws<StepBoundExceededException>(() => world.Read("reader", 500));

        var oom = world.Kernel.PageAlloc.Oom;
        Assert.Equal("writer", Assert.Single(oom.Kills).Victim);
        Assert.True(oom.Aborts > 1, $"{oom.Aborts} aborts");
    }

    [Theory]
    [InlineData(KernelEra.V4_13, 0)]
    [InlineData(KernelEra.V5_0, 0)]
    [InlineData(KernelEra.V6_9, OomKill.OomReaperDelay)]
    public void From_4_6_the_oom_reaper_lets_the_OOM_killer_pass_a_victim_over_and_kill_the_next_allocator(KernelEra era, long jiffies)
    {
        // The reaper runs (from 5.18 after OOM_REAPER_DELAY): the stuck writer is marked
        // MMF_OOM_SKIP, so the reader's out_of_memory kills the reader.
        var world = new ZoneWorld(era, Numa, cached: 160, dirty: true, pinned: true);
        world.Write(pages: 9, stuck: true);
        var start = world.Kernel.Timers.Jiffies;
        world.Runtime.RunAllPending();
        Assert.Equal(jiffies, world.Kernel.Timers.Jiffies - start);

        Assert.True(world.Read("reader", 500));

        var oom = world.Kernel.PageAlloc.Oom;
        Assert.Equal(["writer", "reader"], oom.Kills.Select(kill => kill.Victim));
        Assert.Equal((0, 1), (oom.Aborts, oom.LiveVictims));
    }

    [Fact]
    public void A_task_that_exited_runs_no_more_model_code()
    {
        var world = new ZoneWorld(KernelEra.V6_9, Numa, cached: 160, dirty: true, pinned: true);
        var file = world.Kernel.Open(world.Written);
        var again = (Exception?)null;

        world.Write(pages: 9, after: async () =>
        {
            Assert.True(world.Kernel.PageAlloc.Oom.GetSignal());
            again = await Record.ExceptionAsync(async () => await world.Kernel.Filemap.GenericPerformWrite(file, 9));
        }, stuck: true);

        Assert.IsType<InvalidOperationException>(again);
        Assert.Contains("exited", again!.Message);
    }
}
