using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

public sealed class ReclaimTests
{
    private static ReclaimResult Reclaim(World world, long index)
    {
        var page = world.Page(index);
        Filemap.FolioGet(page); // isolation
        return world.Run(() => world.Kernel.Vmscan.ShrinkFolio(page));
    }

    [Fact]
    public void Reclaim_frees_a_clean_idle_page()
    {
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);

        Assert.Equal(ReclaimResult.Freed, Reclaim(world, 0));

        Assert.True(page.Freed);
        Assert.Equal(0, world.Mapping.NrPages);
    }

    [Fact]
    public void Reclaim_does_not_free_a_locked_page()
    {
        var world = new World(pages: 1, dirty: false);
        world.Page(0).Locked = true;

        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 0));
        Assert.False(world.Page(0).Freed);
    }

    [Fact]
    public void Reclaim_writes_a_dirty_page_and_keeps_it_until_its_writeback_ends()
    {
        var world = new World(pages: 1);
        KswapdFirstMeeting.Meet(world, world.Page(0));

        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 0));
        Assert.True(world.Page(0).Writeback);

        // 6.9: activated while under writeback (c55e8d035b28), not freed.
        Assert.Equal(ReclaimResult.Activated, Reclaim(world, 0));
        Assert.False(world.Page(0).Freed);

        world.CompleteAllIo();
        Assert.Equal(ReclaimResult.Freed, Reclaim(world, 0));
        world.AssertInvariants();
    }

    [Fact]
    public void Reclaim_does_not_free_a_page_someone_else_holds()
    {
        var world = new World(pages: 1, dirty: false);
        Filemap.FolioGet(world.Page(0)); // e.g. a writeback batch

        Assert.Equal(ReclaimResult.Kept, Reclaim(world, 0));
        Assert.False(world.Page(0).Freed);
    }

    [Fact]
    public void Reclaim_activates_a_page_the_filesystem_wants_kept()
    {
        var world = new World(pages: 1, fs: new SimpleFsOptions { ActivateForReclaim = true });

        Assert.Equal(ReclaimResult.Activated, Reclaim(world, 0));
        Assert.True(world.Page(0).Dirty);
        Assert.False(world.Page(0).Locked);
        world.AssertInvariants();
    }

    [Fact]
    public void Freeing_a_dirty_page_without_the_recheck_is_caught_as_lost_data()
    {
        var world = new World(pages: 1, dirty: false, config: new KernelConfig { Faults = new Faults { ReclaimSkipsDirtyRecheck = true } });
        var page = world.Page(0);
        Filemap.FolioGet(page);

        // Dirtied between pageout's look and the removal: only the recheck under the lock sees it.
        var bug = Assert.Throws<Diagnostics.KernelBugException>(() => world.Run(async () =>
        {
            await world.Filemap.FolioLock(page);
            page.Dirty = true;
            world.Kernel.Vmstat.NrFileDirty++;
            world.Mapping.Pages.SetMark(0, XaMark.Dirty);
            await world.Kernel.Vmscan.RemoveMapping(world.Mapping, page);
        }));

        Assert.Contains("unwritten data lost", bug.Message);
    }
}
