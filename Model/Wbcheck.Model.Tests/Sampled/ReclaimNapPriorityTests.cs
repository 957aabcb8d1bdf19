using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The reclaim priority loop of 2.6.20 to 2.6.36 naps between rounds only once the priority has
/// come below DEF_PRIORITY - 2: "if (sc-&gt;nr_scanned &amp;&amp; priority &lt; DEF_PRIORITY - 2)
/// congestion_wait(WRITE, HZ/10)" [R], memcg limit reclaim's loop as global reclaim's. 2.6.29's
/// memcg reclaim takes its scan count at once ("nr[l] = scan", no deferral): 1,024 pinned pages
/// give 1,024 &gt;&gt; priority, so every round from priority 10 down scans, none frees, and the loop
/// runs to 0, napping after the rounds at 9 to 0: ten naps of 10 jiffies, none after the round
/// at 10.
/// </summary>
public sealed class ReclaimNapPriorityTests
{
    [Fact]
    public void Memcg_reclaim_of_2_6_29_naps_after_each_round_below_priority_10()
    {
        var world = new World(pages: 1024, dirty: false, config: new KernelConfig { Era = KernelEra.V2_6_29 });
        var memcg = new MemCgroup("job", 1024) { HardLimit = true };
        memcg.Charge(world.Mapping);
        for (var index = 0; index < 1024; index++)
        {
            Filemap.FolioGet(world.Page(index));
        }

        var start = world.Kernel.Timers.Jiffies;

        Assert.Equal(0, world.Run(() => world.Kernel.Vmscan.TryToFreeMemCgroupPages(memcg, Gfp.Kernel)));

        Assert.Equal(100, world.Kernel.Timers.Jiffies - start);
    }
}
