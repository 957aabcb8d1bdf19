using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// highmem_dirtyable_memory reads the highmem zone's own counters: its free pages and its file
/// LRU (zone_page_state), not the machine's free pages counted into high memory first. The
/// machine: one node, ZONE_NORMAL 100 and ZONE_HIGHMEM 100, min_free_kbytes 128 (min 32, low 40,
/// high 48 each; Normal's lowmem_reserve 3; totalreserve_pages 99); a writer of 130 pages, which
/// leave 70 free, fewer than the 100 high pages.
/// </summary>
public sealed class HighmemDirtyableTests
{
    private static readonly Machine Highmem = new() { TotalPages = 200, TotalHighPages = 100, MinFreeKbytes = 128 };

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void The_highmem_counters_are_the_highmem_zone_s(KernelEra era)
    {
        var world = new ZoneWorld(era, Highmem);
        world.Write(pages: 130);

        var highmem = world.Kernel.PageAlloc.Zones[1];
        var inHighmem = (ulong)world.PagesIn(world.Written, highmem);
        var memory = world.Kernel.Throttle.MemoryNow();
        Assert.Equal((70UL, 130UL), (memory.FreePages, memory.FileLru));
        Assert.Equal((100 - inHighmem, inHighmem), (memory.HighFreePages, memory.HighFileLru));
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V2_6_36)]
    public void Before_3_3_global_dirtyable_memory_without_highmem_is_low_memory(KernelEra era)
    {
        // Free plus file LRU of the whole machine, less the highmem zone's: ZONE_NORMAL's 100, + 1.
        // Counting the 70 free pages as high memory first left 131.
        var world = new ZoneWorld(era, Highmem);
        world.Write(pages: 130);

        var throttle = world.Kernel.Throttle;
        Assert.Equal(101UL, throttle.Arithmetic.GlobalDirtyableMemory(throttle.MemoryNow(), throttle.SettingsNow()));
    }

    [Theory]
    [InlineData(KernelEra.V3_19, 48UL)]
    [InlineData(KernelEra.V6_9, 48UL)]
    public void From_3_3_the_reserves_come_off_the_free_pages_globally_and_in_the_highmem_zone(KernelEra era, ulong highReserve)
    {
        var world = new ZoneWorld(era, Highmem);
        world.Write(pages: 130);

        var highmem = world.Kernel.PageAlloc.Zones[1];
        var inHighmem = (ulong)world.PagesIn(world.Written, highmem);
        var highFree = 100 - inHighmem;
        var throttle = world.Kernel.Throttle;

        // 70 free less the 99 reserved, never below zero, + 130 cached; less HighMem's free pages
        // over its high watermark and its cached pages; + 1.
        var expected = 0 + 130 - (highFree - Math.Min(highFree, highReserve) + inHighmem) + 1;
        Assert.Equal(expected, throttle.Arithmetic.GlobalDirtyableMemory(throttle.MemoryNow(), throttle.SettingsNow()));
        Assert.InRange(inHighmem, 60UL, 68UL);
    }

    [Theory]
    [InlineData(KernelEra.V2_6_29, 101UL, 201UL)]
    [InlineData(KernelEra.V2_6_36, 101UL, 201UL)]
    [InlineData(KernelEra.V3_19, null, 131UL)]
    [InlineData(KernelEra.V6_9, null, 131UL)]
    public void Vm_highmem_is_dirtyable_counts_high_memory_in_the_running_model_s_dirtyable_memory(KernelEra era, ulong? without, ulong with)
    {
        // With the sysctl: free (70; from 3.3 less the 99 reserved, never below zero) + 130 cached + 1.
        var plain = new ZoneWorld(era, Highmem);
        var dirtyable = new ZoneWorld(era, Highmem, highmemIsDirtyable: true);
        plain.Write(pages: 130);
        dirtyable.Write(pages: 130);

        var throttle = dirtyable.Kernel.Throttle;
        Assert.Equal(with, throttle.Arithmetic.GlobalDirtyableMemory(throttle.MemoryNow(), throttle.SettingsNow()));
        var plainThrottle = plain.Kernel.Throttle;
        var plainMemory = plainThrottle.Arithmetic.GlobalDirtyableMemory(plainThrottle.MemoryNow(), plainThrottle.SettingsNow());
        if (without is { } expected)
        {
            Assert.Equal(expected, plainMemory);
        }

        Assert.True(plainMemory < with);
        Assert.True(plainThrottle.DirtyThresholdOfEra().Threshold < throttle.DirtyThresholdOfEra().Threshold);
    }

    [Fact]
    public void The_2_6_20_kernel_had_no_highmem_is_dirtyable_and_refuses_it()
    {
        var refused = Assert.Throws<KernelConfigException>(() => new ZoneWorld(KernelEra.V2_6_20, Highmem, highmemIsDirtyable: true));

        Assert.Contains("vm.highmem_is_dirtyable is from 2.6.26 (195cf453d2c3", refused.Message, StringComparison.Ordinal);
        Assert.Contains("the 2.6.20 era's kernel has no such sysctl", refused.Message, StringComparison.Ordinal);
    }
}
