using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Tests.Nodes;

/// <summary>
/// The <see cref="Faults.DirectReclaimUnderTreeLock"/> fault keeps the mapping's tree lock across
/// the page allocation's direct reclaim, and lets it go after; its bug is the sleep inside the
/// section, nothing else. Where the allocation returns without sleeping (an OOM victim before
/// 4.13 gives up at once, "if (test_thread_flag(TIF_MEMDIE) &amp;&amp; !(gfp_mask &amp; __GFP_NOFAIL))
/// goto nopage" [R]) nothing is reported and the lock is let go: <see cref="OomKillTests"/>'
/// machine, the writer made the victim before it writes, takes the 40 free pages (the reserves
/// included) and then gets -ENOMEM twice, with no lock held at the end of its operation.
/// </summary>
public sealed class OomVictimTreeLockFaultTests
{
    private static readonly Machine Numa = new() { OnlineCpus = 2, TotalPages = 200, Nodes = 2, MinFreeKbytes = 128 };

    [Fact]
    public void A_victim_s_allocation_that_fails_without_reclaim_lets_the_tree_lock_go_under_the_fault()
    {
        var world = new ZoneWorld(KernelEra.V3_19, Numa, cached: 160, dirty: true, pinned: true, faults: new Faults { DirectReclaimUnderTreeLock = true });
        var oom = world.Kernel.PageAlloc.Oom;

        var results = world.Write(pages: 2, after: async () =>
        {
            var file = world.Kernel.Open(world.Written);
            oom.OutOfMemory("the test's writer");
            Assert.True(oom.CurrentIsVictim);
            for (var index = 2L; index < 44; index++)
            {
                var result = await world.Kernel.Filemap.GenericPerformWrite(file, index);
                Assert.Equal(index < 40 ? 1 : Errno.ENOMEM, Math.Min(result, 1));
            }
        });

        Assert.Equal(2, results.Count);
        Assert.Equal(0L, world.Kernel.PageAlloc.AllocStall);
    }
}
