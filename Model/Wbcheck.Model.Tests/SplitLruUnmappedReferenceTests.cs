using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The split LRU's shrink_active_list of 2.6.28 to 2.6.30 asks page_referenced only of a page
/// in use by a mapping ("if (page_mapping_inuse(page) &amp;&amp; page_referenced(page, 0,
/// sc-&gt;mem_cgroup))" [R]); before 2.6.34 page_referenced tests and clears PG_referenced
/// itself (<see cref="Rmap.FolioReferenced"/>). So an unmapped page of an unmapped file goes
/// back to the inactive list with its PG_referenced as it was: one more access activates it
/// again (mark_page_accessed on an inactive referenced page). From 2.6.31 every page is asked.
/// </summary>
public sealed class SplitLruUnmappedReferenceTests
{
    [Fact]
    public void In_2_6_29_the_active_list_deactivates_an_unmapped_page_without_clearing_its_pg_referenced()
    {
        // As ActiveListTests' 2.6.29 case: page 0 kept by a reference, pages 2 and 3 active; the
        // deferred active count comes due in the first call and both go back. Page 2 was
        // accessed once since its activation (PG_referenced), through a system call: no pte.
        var world = new World(pages: 4, dirty: false, config: new KernelConfig { Era = KernelEra.V2_6_29 });
        world.Page(2).Active = true;
        world.Page(3).Active = true;
        world.Page(2).PageReferenced = true;
        Filemap.FolioGet(world.Page(0));

        Assert.Equal(ReclaimResult.Kept, world.Run(() => world.Kernel.Vmscan.ReclaimOne())!.Value.Result);

        Assert.False(world.Page(2).Active);
        Assert.True(world.Page(2).PageReferenced);
        Assert.False(world.Page(3).PageReferenced);
    }
}
