using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The page tree's footprints (Model/Runtime/AccessLog): two tree operations whose order can
/// change what one of them sees must report accesses that conflict (the same object, one of them
/// a write), or the partial-order reduction takes them for independent and runs only one order.
/// </summary>
public sealed class PageTreeFootprintTests
{
    /// <summary>What <paramref name="action"/> reported, as entries (id &lt;&lt; 1 | write).</summary>

    private static bool Conflict(ulong[] first, ulong[] second) =>
        first.Any(a => second.Any(b => a >> 1 == b >> 1 && ((a | b) & 1) == 1));

    /// <summary>A tree of pages at 0 and 1 (its first 8 slots allocated), and a page to store.</summary>
    private static (PageTree Tree, Page Spare) Tree()
    {
        var world = new World(pages: 3);
        var tree = new PageTree(ino: 99);
        tree.Store(0, world.Page(0));
        tree.Store(1, world.Page(1));
        return (tree, world.Page(2));
    }

    [Fact]
    public void Storing_a_page_conflicts_with_reading_the_count_and_with_a_lookup_past_the_last_slot()
    {
        // The count changes; a store past the last slot grows the tree, which a lookup that
        // stopped at the last slot read only as the tree's size.
        var (tree, spare) = Tree();
        var count = RecordedAccesses.Of(() => _ = tree.Count);
        var lookup = RecordedAccesses.Of(() => tree.FindNext(2, long.MaxValue, XaMark.None));

        var store = RecordedAccesses.Of(() => tree.Store(20, spare));

        Assert.True(Conflict(count, store), "count vs store");
        Assert.True(Conflict(lookup, store), "lookup vs store past the last slot");
        Assert.Equal(20, tree.FindNext(2, long.MaxValue, XaMark.None));
    }

    [Fact]
    public void Erasing_a_page_conflicts_with_reading_the_count()
    {
        var (tree, _) = Tree();
        var count = RecordedAccesses.Of(() => _ = tree.Count);

        var erase = RecordedAccesses.Of(() => tree.Erase(1));

        Assert.True(Conflict(count, erase));
        Assert.Equal(1, tree.Count);
    }

    [Fact]
    public void A_lookup_by_mark_conflicts_with_setting_that_mark_on_a_page_it_passed()
    {
        var (tree, _) = Tree();
        var lookup = RecordedAccesses.Of(() => Assert.Equal(-1, tree.FindNext(0, 7, XaMark.Dirty)));

        var mark = RecordedAccesses.Of(() => tree.SetMark(1, XaMark.Dirty));

        Assert.True(Conflict(lookup, mark));
        Assert.Equal(1, tree.FindNext(0, 7, XaMark.Dirty));
    }
}
