using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// 2.5's per-mapping page lists (clean_pages, dirty_pages, io_pages, locked_pages): asking which
/// list a page is on (the walkers' and the checks' list_empty / page-&gt;list tests) must conflict
/// with moving the page to another list, as looking at a list conflicts with splicing it
/// (StateFootprintTests), or the partial-order reduction takes the two for independent.
/// </summary>
public sealed class PageListFootprintTests
{
    [Fact]
    public void Asking_which_list_a_page_is_on_conflicts_with_moving_it()
    {
        var world = new World(pages: 1, dirty: false);
        var lists = new PageLists(1);
        lists.Add(world.Page(0), PageListKind.Dirty);

        var ask = RecordedAccesses.Of(() => Assert.Equal(PageListKind.Dirty, lists.ListOf(world.Page(0))));
        var move = RecordedAccesses.Of(() => lists.MoveTo(world.Page(0), PageListKind.Io));

        Assert.NotEmpty(ask);
        Assert.Contains(ask, entry => move.Contains(entry | 1));
    }
}
