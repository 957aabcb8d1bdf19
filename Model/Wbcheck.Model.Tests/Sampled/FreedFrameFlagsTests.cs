namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// free_pages_prepare clears the flags a page carried (PAGE_FLAGS_CHECK_AT_PREP, PG_reclaim among
/// them), so a frame handed out again starts without them: a page reclaim had marked for
/// immediate reclaim (pageout's SetPageReclaim), then truncated and freed, does not come back as
/// a new page still marked, which folio_end_writeback would rotate to the LRU's tail.
/// </summary>
public sealed class FreedFrameFlagsTests
{
    [Fact]
    public void A_reused_frame_does_not_keep_PG_reclaim()
    {
        var world = new World(pages: 2, dirty: false);
        var old = world.Page(1);
        var generation = old.Generation;
        old.Reclaim = true; // as pageout leaves it when the write it started is asynchronous

        // Truncate page 1 away (its last reference goes: freed), then cache page 1 anew.
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));
        Assert.True(old.Freed);
        var again = world.Filemap.AddCachedPage(world.Mapping, 1, dirty: false);

        Assert.Same(old, again); // the frame just freed
        Assert.Equal(generation + 1, again.Generation);
        Assert.False(again.Reclaim);
    }
}
