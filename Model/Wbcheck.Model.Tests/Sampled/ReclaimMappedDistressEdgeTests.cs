using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// 2.6.20's refill_inactive_zone turns reclaim_mapped on where swap_tendency = mapped_ratio / 2
/// + distress + vm_swappiness is at least 100, distress = 100 &gt;&gt; priority [R; the same
/// lines stand as context in the 2.6.17-rc1-mm3 and 2.6.22-rc6-mm1 vmscan patches, V]. 60 mapped
/// pages of a 200-page machine are a mapped ratio of 30: at priority 2, 15 + 25 + 60 = 100, the
/// edge. Direct reclaim of a zone whose 60 pages are all mapped, active and unreferenced: the
/// deferred active count (+ 1 a round, plus 60 &gt;&gt; priority) comes due first at priority 2
/// (37 pages), and those are deactivated there, so the inactive count of priority 0 finds them
/// and frees every page. Had reclaim_mapped come on only at priority 1 (a distress of 99 &gt;&gt; 2
/// = 24, or swap_tendency over 100 rather than at it), priority 2's scan keeps them active, the
/// active count comes due again only at priority 0, and the inactive count never does after it:
/// all deactivated, none freed.
/// </summary>
public sealed class ReclaimMappedDistressEdgeTests
{
    [Fact]
    public void Reclaim_mapped_comes_on_at_priority_2_with_30_percent_of_memory_mapped()
    {
        var world = new World(pages: 60, dirty: false, config: new KernelConfig { Era = KernelEra.V2_6_20, Machine = new Machine { TotalPages = 200 } });
        world.Runtime.RunPendingWhenBlocked = true;
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        for (var index = 0; index < 60; index++)
        {
            world.Page(index).Active = true;
            world.Kernel.Memory.MapPage(vma, world.Page(index));
        }

        var freed = world.Run(() => world.Kernel.Vmscan.TryToFreePages([world.Page(0).Zone!], Gfp.Kernel));

        Assert.Equal(60, freed);
        Assert.Null(world.Mapping.Pages.Load(0));
    }
}
