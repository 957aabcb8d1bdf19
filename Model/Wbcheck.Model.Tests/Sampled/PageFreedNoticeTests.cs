using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// The last reference to a page going away is an event the monitors need (the truncate and
/// reclaim safety monitor checks a freed page is neither locked nor under writeback): a truncate
/// of a clean file drops the page cache's reference of each page, and each page freed is told to
/// the observers once, in the order freed, before its frame goes back to the allocator.
/// </summary>
public sealed class PageFreedNoticeTests
{
    [Fact]
    public void Each_page_a_truncate_frees_is_told_to_the_observers_once()
    {
        var world = new World(pages: 3, dirty: false);
        Page[] pages = [world.Page(0), world.Page(1), world.Page(2)];
        var notices = new FreedRecorder();
        world.Kernel.Observers.Add(notices);

        world.Run(() => world.Kernel.Truncate.TruncateInodePagesRange(world.Mapping, 0, -1));

        Assert.Equal(pages, notices.Freed);
        Assert.All(pages, page => Assert.Equal(0, page.RefCount));
    }

    /// <summary>Each page freed, in order.</summary>
    private sealed class FreedRecorder : IKernelObserver
    {
        public List<Page> Freed { get; } = [];

        public void PageFreed(Page page) => Freed.Add(page);
    }
}
