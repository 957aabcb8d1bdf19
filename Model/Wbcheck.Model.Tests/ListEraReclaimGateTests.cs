using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// 2.5.31's shrink_cache gates for a page under writeback and a dirty page, read as the "-" side
/// of akpm's "multithread and batch page reclaim" (11 August 2002, against 2.5.31): with
/// may_enter_fs it waits for a page's writeback ("IO in progress?") and goes on to the next page;
/// it writes a dirty, freeable page by handing the mapping to -&gt;vm_writeback
/// (generic_vm_writeback: igrab under the page lock, unlock, do_writepages of SWAP_CLUSTER_MAX
/// pages, iput) and keeps it; no PG_reclaim, no queue test. 2.6.20 neither waits nor writes
/// more than the page.
/// </summary>
public sealed class ListEraReclaimGateTests
{
    private static World Dirty(KernelEra era, int pages = 4) => new(pages, config: new KernelConfig { Era = era });

    private static ReclaimResult Shrink(World world, long index, bool kswapd = true)
    {
        var page = world.Page(index);
        Filemap.FolioGet(page); // isolation
        return world.Run(() => world.Kernel.Vmscan.ShrinkFolio(page, kswapd));
    }

    private static ReclaimResult ShrinkWithoutMayEnterFs(World world, long index)
    {
        var page = world.Page(index);
        Filemap.FolioGet(page); // isolation
        return world.Run(() => world.Kernel.Vmscan.ShrinkIsolatedFolio(page, kswapd: false, mayWritepage: false, new ReclaimStat { NrTaken = 1 }));
    }

    private static void StartWriteback(World world, long pages) =>
        world.Run(() => world.Pw.DoWritepages(world.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = pages }));

    [Fact]
    public void In_2_5_31_reclaim_waits_for_a_page_under_writeback_then_leaves_it()
    {
        var world = Dirty(KernelEra.V2_5);
        StartWriteback(world, 1);
        var page = world.Page(0);
        Assert.True(page.Writeback);
        world.Runtime.RunPendingWhenBlocked = true;

        Assert.Equal(ReclaimResult.Kept, Shrink(world, 0));

        // wait_on_page_writeback ran the write to its end; the page is clean, and left in the
        // page cache for a later scan ("continue").
        Assert.False(page.Writeback);
        Assert.False(page.Dirty);
        Assert.Same(page, world.Mapping.Pages.Load(0));
        Assert.False(page.Reclaim);
        Assert.Equal(0, world.Kernel.Device.InFlight);
        world.AssertInvariants();
    }

    [Fact]
    public void In_2_5_31_reclaim_that_may_not_enter_the_fs_leaves_a_page_under_writeback_unwaited()
    {
        var world = Dirty(KernelEra.V2_5);
        StartWriteback(world, 1);

        Assert.Equal(ReclaimResult.Kept, ShrinkWithoutMayEnterFs(world, 0));

        Assert.True(world.Page(0).Writeback);
        Assert.Equal(1, world.Kernel.Device.InFlight);
    }

    [Fact]
    public void In_2_6_20_reclaim_leaves_a_page_under_writeback_unwaited()
    {
        // One page: 2.6.20's walk writes the rest of its pagevec past nr_to_write.
        var world = Dirty(KernelEra.V2_6_20, pages: 1);
        StartWriteback(world, 1);

        Assert.Equal(ReclaimResult.Kept, Shrink(world, 0));

        Assert.True(world.Page(0).Writeback);
        Assert.Equal(1, world.Kernel.Device.InFlight);
    }

    [Fact]
    public void In_2_5_31_reclaim_writes_a_dirty_page_with_its_mapping_and_keeps_it()
    {
        var world = Dirty(KernelEra.V2_5);
        var countBefore = world.Inode.Count;

        Assert.Equal(ReclaimResult.Kept, Shrink(world, 2));

        // The mapping's four pages went out together (nr_to_write 32); the page reclaim met is
        // not marked PG_reclaim, and is unlocked, in the page cache, under writeback. The inode
        // reference generic_vm_writeback took is dropped again.
        Assert.All(Enumerable.Range(0, 4), index => Assert.True(world.Page(index).Writeback));
        Assert.Equal(4, world.Kernel.Device.InFlight);
        var page = world.Page(2);
        Assert.False(page.Reclaim);
        Assert.False(page.Locked);
        Assert.Equal(countBefore, world.Inode.Count);
        world.AssertInvariants();
    }

    [Fact]
    public void In_2_6_20_reclaim_writes_the_dirty_page_alone_and_marks_it_reclaim()
    {
        var world = Dirty(KernelEra.V2_6_20);

        Shrink(world, 2);

        Assert.True(world.Page(2).Writeback);
        Assert.True(world.Page(2).Reclaim);
        Assert.Equal(1, world.Kernel.Device.InFlight);
    }

    [Fact]
    public void In_2_5_31_reclaim_that_may_not_enter_the_fs_keeps_a_dirty_page_unwritten()
    {
        var world = Dirty(KernelEra.V2_5);

        Assert.Equal(ReclaimResult.Kept, ShrinkWithoutMayEnterFs(world, 2));

        Assert.True(world.Page(2).Dirty);
        Assert.Equal(0, world.Kernel.Device.InFlight);
    }

    [Fact]
    public void In_2_5_31_the_igrab_under_the_page_lock_is_what_the_context_check_reports()
    {
        var world = Dirty(KernelEra.V2_5);
        world.Kernel.Observers.Add(new ReclaimInodeReference(world.Kernel));

        var violation = Assert.Throws<InvariantViolationException>(() => Shrink(world, 2));

        Assert.Equal(ReclaimInodeReference.Name, violation.Invariant);
        Assert.Contains("took a reference to (igrab) inode 1 in reclaim while holding the lock of page 2", violation.Message);
    }

    /// <summary>
    /// A check told of the era's known igrab (the properties' worlds) notes it and lets reclaim
    /// go on: the mapping is written as without the check.
    /// </summary>
    [Fact]
    public void In_2_5_31_a_check_that_notes_the_era_s_igrab_lets_reclaim_write_the_mapping()
    {
        var world = Dirty(KernelEra.V2_5);
        var notes = new List<string>();
        world.Kernel.Observers.Add(new ReclaimInodeReference(world.Kernel, notes.Add));

        Assert.Equal(ReclaimResult.Kept, Shrink(world, 2));

        Assert.Contains("took a reference to (igrab) inode 1 in reclaim while holding the lock of page 2", Assert.Single(notes));
        Assert.Equal(4, world.Kernel.Device.InFlight);
    }

    /// <summary>From 2.6.20 reclaim has no generic_vm_writeback: the same shape of igrab (the 2010 proposal's) fails, note or not.</summary>
    [Fact]
    public void From_2_6_20_the_note_excuses_no_igrab()
    {
        var world = Dirty(KernelEra.V2_6_20);
        var notes = new List<string>();
        world.Kernel.Observers.Add(new ReclaimInodeReference(world.Kernel, notes.Add));

        var violation = Assert.Throws<InvariantViolationException>(() => world.Run(() => world.Kernel.Vmscan.ReclaimWriteoutIgrab(world.Page(3), 2, 3)));

        Assert.Equal(ReclaimInodeReference.Name, violation.Invariant);
        Assert.Empty(notes);
    }

    /// <summary>
    /// In 2.5.31 too the note excuses generic_vm_writeback's own igrab, not its shape: the 2010
    /// proposal's igrab, of the inode of the one page reclaim holds locked, still fails.
    /// </summary>
    [Fact]
    public void In_2_5_31_the_note_excuses_no_igrab_but_generic_vm_writeback_s()
    {
        var world = Dirty(KernelEra.V2_5);
        var notes = new List<string>();
        world.Kernel.Observers.Add(new ReclaimInodeReference(world.Kernel, notes.Add));

        var violation = Assert.Throws<InvariantViolationException>(() => world.Run(() => world.Kernel.Vmscan.ReclaimWriteoutIgrab(world.Page(3), 2, 3)));

        Assert.Equal(ReclaimInodeReference.Name, violation.Invariant);
        Assert.Contains("took a reference to (igrab) inode 1 in reclaim while holding the lock of page 3", violation.Message);
        Assert.Empty(notes);
    }
}
