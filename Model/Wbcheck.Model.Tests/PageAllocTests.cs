using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>Page lifetime: pages freed by truncate and reclaim go back to the allocator, the next file gets them, and a stale touch is reported.</summary>
public sealed class PageAllocTests
{
    [Fact]
    public void A_page_truncate_frees_is_the_next_page_another_file_gets_made_new()
    {
        var world = new World(pages: 2);
        var freed = world.Page(1);
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));
        Assert.True(freed.Freed);
        Assert.Equal(1, world.Kernel.PageAlloc.FreeCount);

        var other = world.Kernel.CreateInode(0, world.Fs);
        var reused = world.Kernel.Filemap.AddCachedPage(other.Mapping, 5, dirty: false);

        Assert.Same(freed, reused);
        Assert.Equal(0, world.Kernel.PageAlloc.FreeCount);
        Assert.Equal((5L, other.Mapping, 1, 1), (reused.Index, reused.Mapping, reused.Generation, reused.RefCount));
        Assert.False(reused.Freed || reused.Dirty || reused.Locked || reused.Writeback);
        Assert.Equal(Page.PageSize, reused.ZeroFrom);
        world.AssertInvariants();
    }

    [Fact]
    public void A_reused_page_is_not_referenced_by_the_ptes_of_its_last_use()
    {
        var world = new World(pages: 2);
        var freed = world.Page(1);
        freed.Referenced = true; // a store through a pte set the young bit
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));

        var reused = world.Kernel.Filemap.AddCachedPage(world.Kernel.CreateInode(0, world.Fs).Mapping, 0, dirty: false);

        Assert.Same(freed, reused);
        Assert.False(reused.Referenced);
    }

    [Fact]
    public void A_page_the_allocator_never_gave_out_cannot_be_freed_to_it()
    {
        // A page made with new Page (as the conformance runner makes its pages) has no zone;
        // freeing it used to push it on the first zone of node 0's zonelist, a frame the
        // machine never had, which the next allocation would hand out.
        var world = new World(pages: 1);
        var stray = new Page(7, world.Mapping, 0) { Mapping = null }; // out of the cache, its last reference held

        var error = Assert.Throws<InvalidOperationException>(() => world.Kernel.Filemap.FolioPut(stray));

        Assert.Contains("never gave out", error.Message);
        Assert.Equal(0, world.Kernel.PageAlloc.FreeCount);
    }

    [Fact]
    public void A_page_reclaim_frees_goes_back_to_the_allocator_too()
    {
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);
        Filemap.FolioGet(page); // isolation

        Assert.Equal(ReclaimResult.Freed, world.Run(() => world.Kernel.Vmscan.ShrinkFolio(page)));

        Assert.Equal(1, world.Kernel.PageAlloc.FreeCount);
        Assert.Same(page, world.Kernel.PageAlloc.TryAllocPage(0, world.Mapping, 0));
    }

    [Fact]
    public void Touching_a_freed_page_names_who_freed_it()
    {
        var world = new World(pages: 2);
        var page = world.Page(1);
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));

        var error = Assert.Throws<InvariantViolationException>(() => PageAlloc.Touch(page, 0, "wake_up_page"));

        Assert.Equal(UseAfterFree.Name, error.Invariant);
        Assert.Equal("use-after-free: wake_up_page touched page 1 after T0(test) in folio_batch_release freed it", error.Message);
    }

    [Fact]
    public void Touching_a_reused_page_through_a_reference_from_before_is_caught_too()
    {
        var world = new World(pages: 2);
        var page = world.Page(1);
        var before = page.Generation;
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));
        world.Kernel.Filemap.AddCachedPage(world.Kernel.CreateInode(0, world.Fs).Mapping, 0, dirty: false);

        PageAlloc.Touch(page, page.Generation, "a holder of the new use");
        var error = Assert.Throws<InvariantViolationException>(() => PageAlloc.Touch(page, before, "wake_up_page"));

        Assert.Equal("use-after-free: wake_up_page touched page 0 of mapping of inode 2, which T0(test) in folio_batch_release freed and the allocator gave to it since", error.Message);
    }

    [Fact]
    public void Locking_a_freed_page_is_a_use_after_free()
    {
        // folio_lock's check replaced the "locking freed page" assertion FilemapAssertionTests had.
        var world = new World(pages: 2);
        var page = world.Page(1);
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));

        var error = Assert.Throws<InvariantViolationException>(() => world.Run(() => world.Filemap.FolioLock(page)));

        Assert.Equal(UseAfterFree.Name, error.Invariant);
    }
}
