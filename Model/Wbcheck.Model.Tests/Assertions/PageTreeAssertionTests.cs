using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Assertions;

/// <summary>The page tree's and the list era's page lists' assertions, each driven to fire.</summary>
public sealed class PageTreeAssertionTests
{
    [Fact]
    public void Storing_at_an_occupied_index_is_a_kernel_bug()
    {
        var world = new World(pages: 3);

        Fired.Bug("xa_store", "index 2 is already occupied", () => world.Mapping.Pages.Store(2, new Page(2, world.Mapping, 0)));
    }

    [Fact]
    public void Erasing_an_empty_index_is_a_kernel_bug()
    {
        var tree = new PageTree();

        Fired.Bug("xa_erase", "no entry at index 5", () => tree.Erase(5));
    }

    [Fact]
    public void Marking_an_empty_index_is_a_kernel_bug()
    {
        var world = new World(pages: 2);

        Fired.Bug("xa_set_mark", "Towrite mark set on empty index 9", () => world.Mapping.Pages.SetMark(9, XaMark.Towrite));
    }

    [Fact]
    public void Taking_a_page_off_the_lists_when_it_is_on_none_is_a_kernel_bug()
    {
        var mapping = new World(pages: 0).Mapping;
        var lists = new PageLists();
        var page = new Page(0, mapping, 0);
        lists.Add(page, PageListKind.Dirty);
        lists.Remove(page);

        Fired.Bug("list_del", "page 0 is on no list", () => lists.Remove(page));
    }
}
