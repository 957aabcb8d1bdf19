using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// 2.5's per-mapping page lists: putting a page on a list (list_add) changes the list, so it must
/// conflict with a walk of that list (list_empty, the tail a writeback pass takes), or the
/// partial-order reduction takes a flusher's look at dirty_pages and a dirtier's list_add for
/// independent (<see cref="PageListFootprintTests"/> has the page's side).
/// </summary>
public sealed class PageListAddFootprintTests
{
    [Fact]
    public void Adding_a_page_to_a_list_conflicts_with_looking_at_the_list()
    {
        var world = new World(pages: 2, dirty: false);
        var lists = new PageLists(1);
        lists.Add(world.Page(0), PageListKind.Dirty);

        var look = RecordedAccesses.Of(() => Assert.Same(world.Page(0), lists.Tail(PageListKind.Dirty)));
        var add = RecordedAccesses.Of(() => lists.Add(world.Page(1), PageListKind.Dirty));

        Assert.NotEmpty(look);
        Assert.Contains(look, entry => add.Contains(entry | 1));
    }
}
