using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// Zone watermarks set from vm.min_free_kbytes, the fast path's low and the slow path's min
/// watermark, kswapd woken by the slow path, and the reserves dirtyable memory leaves out, era by
/// era. The machines: two nodes of 100 pages (min_free_kbytes 128: pages_min 32, each node's
/// share 16: min 16, low 20, high 24), or one node of ZONE_NORMAL 100 and ZONE_HIGHMEM 100
/// (min 32, low 40, high 48 each; Normal keeps HighMem's 100 / 32 = 3 pages as lowmem_reserve).
/// </summary>
public sealed class WatermarkTests
{
    private static readonly Machine Numa = new() { OnlineCpus = 2, TotalPages = 200, Nodes = 2, MinFreeKbytes = 128 };

    private static readonly Machine Highmem = new() { TotalPages = 200, TotalHighPages = 100, MinFreeKbytes = 128 };

    [Theory]
    [InlineData(KernelEra.V3_19, 128L, 160L, 192L)]
    [InlineData(KernelEra.V4_13, 128L, 228L, 328L)]
    public void Watermarks_follow_min_free_kbytes_and_from_4_6_the_scale_factor(KernelEra era, long min, long low, long high)
    {
        // Nodes of 100,000 pages, min_free_kbytes 1024 (pages_min 256, 128 a node): 4.6's
        // watermark_scale_factor makes the low-high distance 0.1% of the zone, 100 pages, not 32.
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = era, Machine = new Machine { OnlineCpus = 2, TotalPages = 200_000, Nodes = 2, MinFreeKbytes = 1024 } });

        var zone = kernel.PageAlloc.Zones[0];
        Assert.Equal([min, low, high], zone.Watermark);
        Assert.Equal(0L, zone.LowmemReserve);
        Assert.Equal(high, zone.ReservePages);
    }

    [Fact]
    public void A_highmem_zone_s_min_is_clamped_and_normal_keeps_a_lowmem_reserve_from_it()
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = KernelEra.V3_19, Machine = Highmem });
        var (normal, high) = (kernel.PageAlloc.Zones[0], kernel.PageAlloc.Zones[1]);

        Assert.Equal([32L, 40L, 48L], normal.Watermark);
        Assert.Equal([32L, 40L, 48L], high.Watermark);
        Assert.Equal((3L, 51L), (normal.LowmemReserve, normal.ReservePages));
        Assert.Equal((0L, 48L), (high.LowmemReserve, high.ReservePages));
        Assert.Equal(99L, kernel.PageAlloc.TotalreservePages);
    }

    [Fact]
    public void The_fast_path_passes_over_a_zone_at_its_low_watermark_and_the_slow_path_wakes_kswapd_and_goes_down_to_min()
    {
        // 2.6.36: no dirty limits. Node 0 gives pages until 20 are free (its low watermark), then
        // node 1 does; then the slow path wakes both nodes' kswapd (each at or below low) and
        // takes pages down to the min watermark, 4 a node.
        var (kernel, zones) = FairZoneAllocationTests.Write(KernelEra.V2_6_36, Numa, pages: 168);

        Assert.Equal(new string('0', 80) + new string('1', 80) + "00001111", zones);
        var alloc = kernel.PageAlloc;
        Assert.Equal([4L, 4L], alloc.Zones.Select(alloc.SlowpathPages));
        Assert.Equal([8L, 8L], Enumerable.Range(0, 2).Select(alloc.KswapdWakeups));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_zone_at_its_min_watermark_is_direct_reclaim_that_frees_what_the_flusher_cleaned_while_it_waited_in_throttle_vm_writeout(bool throttleSkipped)
    {
        // The writer's own 168 pages (generic_perform_write alone: no balance_dirty_pages, so
        // all dirty, each PG_referenced by its write) fill both nodes to min, 84 on each node's
        // inactive list; its 169th page enters direct reclaim. 2.6.29 reports only the pages it
        // freed (2.6.24 to 2.6.34), so a call that frees none goes to the OOM killer at once.
        //
        // The kernel's arithmetic, which the model's loop follows round by round: priorities 12
        // down to 0, each zone's count 84 >> priority deferred in zone->lru[l].nr_scan until it
        // reaches SWAP_CLUSTER_MAX: nothing at 12 to 7, 1 + 2 + 5 + 10 saved at 6 to 3, 39
        // scanned at 2, 42 at 1, 84 at 0: 165 meetings for 84 pages, none met three times. A
        // referenced dirty page needs three before 2.6.34 (kept with PG_referenced cleared,
        // written, freed once its I/O has ended and rotated it to the tail), so the loop by
        // itself frees nothing: without throttle_vm_writeout the call returns 0 and the OOM
        // killer runs. With it (2.6.29's shrink_zone): priority 0 writes 81 of zone 0's pages,
        // writeback is over the dirty threshold plus a tenth, the reclaimer waits in
        // congestion_wait, and pdflush, which the loop woke after priority 2 (78 scanned, more
        // than 48), writes node 1's dirty pages meanwhile; priority 0 on node 1 frees them clean.
        // One stall, no kill, the page allocated, some of the writer's pages gone. (The kernel's
        // pdflush, on the other CPU, would have started during the naps after priorities 2 and 1
        // already; the sequential runtime runs a woken thread only when the reclaimer blocks.)
        var runtime = new SequentialRuntime { RunPendingWhenBlocked = true };
        var faults = new Faults { ReclaimSkipsThrottleVmWriteout = throttleSkipped };
        var kernel = new Kernel(runtime, new KernelConfig { Era = KernelEra.V2_6_29, Machine = Numa, Sysctls = VmSysctls.V2_6_20Default with { DirtyRatio = 20 }, Faults = faults });
        var file = kernel.Open(kernel.CreateInode(0, new Fs.SimpleFs(kernel, Fs.SimpleFsOptions.Default)));
        var writer = new TaskStruct { Comm = "writer", Cpu = 0 };
        runtime.Run(writer.Comm, async () =>
        {
            kernel.Throttle.AttachTask(writer);
            for (var index = 0L; index < 169; index++)
            {
                Assert.True(await kernel.Filemap.GenericPerformWrite(file, index) > 0);
            }
        });

        Assert.Equal(1L, kernel.PageAlloc.AllocStall);
        var mapping = kernel.Inodes[0].Mapping;
        Assert.NotNull(mapping.Pages.Load(168));
        if (throttleSkipped)
        {
            Assert.Single(kernel.PageAlloc.Oom.Kills);
            return;
        }

        Assert.Empty(kernel.PageAlloc.Oom.Kills);
        Assert.True(mapping.NrPages < 169, "direct reclaim freed none of the writer's pages");
    }

    /// <summary>
    /// 2.6.36's wakeup_kswapd asks zone_watermark_ok(zone, order, low_wmark_pages(zone), 0, 0):
    /// classzone 0, so no lowmem_reserve, though the fast path kept the reserve from this
    /// allocation. On the high-memory machine (dirty_ratio 100: no zone passed over for its dirty
    /// limit) HighMem gives pages to its low watermark, Normal to low + reserve (43), then the slow
    /// path takes HighMem to its min, then Normal. A slow-path entry that finds Normal at 41 free
    /// (low + 1) wakes kswapd for HighMem alone; one that finds it at 40 wakes it for both zones.
    /// </summary>
    [Fact]
    public void Before_3_12_the_slow_path_wakes_kswapd_for_a_zone_at_its_low_watermark_not_one_page_above_it()
    {
        var wakeups = new long[3];
        for (var entry = 0; entry < 3; entry++)
        {
            var (kernel, _) = FairZoneAllocationTests.Write(KernelEra.V2_6_36, Highmem, pages: 127 + entry, dirtyRatio: 100);
            var (normal, high) = (kernel.PageAlloc.Zones[0], kernel.PageAlloc.Zones[1]);
            Assert.Equal((41UL - (ulong)entry, 32UL), (kernel.Throttle.ZoneFreePages(normal), kernel.Throttle.ZoneFreePages(high)));
            wakeups[entry] = kernel.PageAlloc.KswapdWakeups(0);
        }

        // The 128th page's entry found Normal at 41, the 129th's at 40.
        Assert.Equal([1L, 2L], [wakeups[1] - wakeups[0], wakeups[2] - wakeups[1]]);
    }

    /// <summary>
    /// From 4.8 kswapd is per node, and wake_all_kswapds wakes each node once however many of its
    /// zones the zonelist holds: "if (last_pgdat != zone-&gt;zone_pgdat) wakeup_kswapd(...);
    /// last_pgdat = zone-&gt;zone_pgdat;" [R]. On the high-memory machine (one node, HighMem and
    /// Normal in its zonelist; dirty_ratio 100) every slow-path entry finds the node unbalanced
    /// (both zones below their high watermark) and wakes its kswapd once, not once a zone.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void From_4_8_a_slow_path_entry_wakes_a_node_s_kswapd_once_for_all_its_zones(KernelEra era)
    {
        var (kernel, _) = FairZoneAllocationTests.Write(era, Highmem, pages: 128, dirtyRatio: 100);

        var alloc = kernel.PageAlloc;
        var entries = alloc.Zones.Sum(alloc.SlowpathPages);
        Assert.True(entries > 0, "no slow-path entry");
        Assert.Equal(entries, alloc.KswapdWakeups(0));
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_slow_path_entered_for_the_dirty_limits_wakes_no_kswapd_while_the_zones_are_balanced(KernelEra era)
    {
        var (kernel, _) = FairZoneAllocationTests.Write(era, Numa, pages: 40);

        var alloc = kernel.PageAlloc;
        Assert.True(alloc.SlowpathPages(alloc.Zones[0]) > 0);
        Assert.Equal([0L, 0L], Enumerable.Range(0, 2).Select(alloc.KswapdWakeups));
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_20)]
    [InlineData(KernelEra.V6_9)]
    public void A_zone_s_or_node_s_dirtyable_memory_leaves_out_its_high_watermark_and_lowmem_reserve(KernelEra era)
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = era, Machine = Numa, Sysctls = VmSysctls.V2_6_20Default with { DirtyRatio = 20 } });

        // 100 free, 24 reserved: 76 dirtyable, limit 15 (20%).
        var limit = kernel.Throttle.DirtyShareLimit(kernel.PageAlloc.Zones[0], TaskStruct.Ordinary);
        Assert.Equal((76UL, 15UL), (limit.Dirtyable, limit.Limit));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_36, 101UL)]
    [InlineData(KernelEra.V3_19, 50UL)]
    [InlineData(KernelEra.V6_9, 50UL)]
    public void Global_dirtyable_memory_leaves_out_the_reserves_from_3_3(KernelEra era, ulong dirtyable)
    {
        var kernel = new Kernel(new SequentialRuntime(), new KernelConfig { Era = era, Machine = Highmem });
        var throttle = kernel.Throttle;

        // 200 free, 99 reserved; HighMem's 100 free less its 48 leave 52 highmem pages out: 49 + 1.
        // Before 3.3 nothing is reserved: 200 less 100 of high memory, + 1.
        var memory = throttle.MemoryNow();
        Assert.Equal((99UL, 48UL), (memory.Reserve, memory.HighWatermark));
        Assert.Equal(dirtyable, throttle.Arithmetic.GlobalDirtyableMemory(memory, throttle.SettingsNow()));
    }

    [Fact]
    public void On_3_19_a_zone_s_fair_batch_is_its_low_high_distance()
    {
        // Batches of 8 (48 - 40): HighMem 8 pages, Normal 8, HighMem 8 (dirty_ratio 100: no zone
        // reaches its dirty limit).
        var zones = FairZoneAllocationTests.Write(KernelEra.V3_19, Highmem, pages: 24, dirtyRatio: 100).Zones;

        Assert.Equal("HHHHHHHHNNNNNNNNHHHHHHHH", zones);
    }

    [Fact]
    public void A_machine_of_high_memory_only_cannot_have_watermarks()
    {
        var error = Assert.Throws<ArgumentException>(() => new Machine { TotalPages = 100, TotalHighPages = 100, MinFreeKbytes = 128 }.Validate());

        Assert.Contains("min_free_kbytes", error.Message);
    }
}
