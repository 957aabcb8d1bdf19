using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A page the allocator hands out holds whatever its frame held: page cache pages are allocated
/// without __GFP_ZERO (filemap_alloc_folio's mapping_gfp_mask) [R], so nothing of the frame's old
/// contents is known to be zero. The model reuses the most recently freed frame of the zone: a
/// page whose tail was zeroed (zero_user_segment) and then freed comes back with nothing known
/// zero, or a write past EOF from the new page would be taken for zeroed bytes.
/// </summary>
public sealed class ReusedFrameZeroFromTests
{
    [Fact]
    public void A_reused_frame_has_nothing_known_zero()
    {
        var world = new World(pages: 1, dirty: false);
        var page = world.Page(0);
        Highmem.ZeroUserSegment(page, 100, Page.PageSize);
        Assert.Equal(100, page.ZeroFrom);
        world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 0));
        Assert.True(page.Freed);

        var reused = world.Run(() => ValueTask.FromResult(world.Kernel.PageAlloc.TryAllocPage(5, world.Mapping, 1)));

        Assert.Same(page, reused);
        Assert.Equal(Page.PageSize, reused!.ZeroFrom);
    }
}
