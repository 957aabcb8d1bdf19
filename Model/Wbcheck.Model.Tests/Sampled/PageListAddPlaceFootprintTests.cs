using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// 2.5's per-mapping page lists: list_add writes the page's own place (page-&gt;list) as well as
/// the list's head, so asking which list a page is on (list_empty(&amp;page-&gt;list) and the checks'
/// page-&gt;list tests) conflicts with putting the page on a list, not only with moving it
/// (<see cref="PageListFootprintTests"/>, where list_del's write of the place covers the list_add's)
/// or with walking the list (<see cref="PageListAddFootprintTests"/>). A page just added to the cache
/// goes on a list with no list_del before: without its place written, the partial-order reduction
/// would take "which list is this page on" and the add for independent and run one order only.
/// </summary>
public sealed class PageListAddPlaceFootprintTests
{
    [Fact]
    public void Asking_which_list_a_page_on_none_is_on_conflicts_with_adding_it()
    {
        var world = new World(pages: 1, dirty: false);
        var lists = new PageLists(1);

        var ask = RecordedAccesses.Of(() => Assert.Null(lists.ListOf(world.Page(0))));
        var add = RecordedAccesses.Of(() => lists.Add(world.Page(0), PageListKind.Dirty));

        Assert.NotEmpty(ask);
        Assert.Contains(ask, entry => add.Contains(entry | 1));
        Assert.Equal(PageListKind.Dirty, lists.ListOf(world.Page(0)));
    }
}
