using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// The allocator honours the mapping's gfp mask: a mapping without __GFP_HIGHMEM in
/// mapping_gfp_mask gets its pages from ZONE_NORMAL only (gfp_zone bounds the zonelist), and its
/// classzone being ZONE_NORMAL, Normal keeps no lowmem_reserve from it. The machine: one node,
/// ZONE_NORMAL 100 pages and ZONE_HIGHMEM 100 (HighMem first in the zonelist).
/// </summary>
public sealed class GfpZoneTests
{
    private static readonly Machine Highmem = new() { TotalPages = 200, TotalHighPages = 100 };

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_36)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void A_mapping_limited_to_low_memory_gets_normal_pages_only(KernelEra era)
    {
        var world = new ZoneWorld(era, Highmem, lowMemoryWriter: true);

        world.Write(pages: 10);

        Assert.Equal(new string('N', 10), world.Zones(world.Written));
    }

    [Fact]
    public void A_mapping_that_may_use_high_memory_still_gets_highmem_first()
    {
        var world = new ZoneWorld(KernelEra.V2_6_36, Highmem);

        world.Write(pages: 10);

        Assert.Equal(new string('H', 10), world.Zones(world.Written));
    }

    [Fact]
    public void Normal_keeps_no_lowmem_reserve_from_an_allocation_limited_to_low_memory()
    {
        // min_free_kbytes 128: Normal's min 32, low 40, lowmem_reserve 3 (against HighMem's class).
        // A low-memory allocation's class is Normal: the fast path takes Normal down to 40 free
        // pages (60 pages), not to 43; the slow path then down to 32 (8 more).
        var world = new ZoneWorld(KernelEra.V2_6_36, Highmem with { MinFreeKbytes = 128 }, lowMemoryWriter: true);

        world.Write(pages: 68);

        var alloc = world.Kernel.PageAlloc;
        var normal = alloc.Zones[0];
        Assert.Equal(new string('N', 68), world.Zones(world.Written));
        Assert.Equal(8L, alloc.SlowpathPages(normal));
    }
}
