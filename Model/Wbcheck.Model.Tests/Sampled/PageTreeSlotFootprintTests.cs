using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// xa_store and xa_erase change the entry at their index, which xa_load (find_get_page's
/// lookup) reads: the two must conflict in the footprints, or the partial-order reduction runs
/// a lookup of an index and the store of a page there in one order only (a reader that finds
/// no page and one that finds the new one are different runs).
/// </summary>
public sealed class PageTreeSlotFootprintTests
{
    private static bool Conflict(ulong[] first, ulong[] second) =>
        first.Any(a => second.Any(b => a >> 1 == b >> 1 && ((a | b) & 1) == 1));

    [Fact]
    public void Storing_a_page_conflicts_with_looking_its_index_up()
    {
        var world = new World(pages: 1);
        var tree = new PageTree(ino: 99);
        var load = RecordedAccesses.Of(() => Assert.Null(tree.Load(3)));

        var store = RecordedAccesses.Of(() => tree.Store(3, world.Page(0)));

        Assert.True(Conflict(load, store));
        Assert.Same(world.Page(0), tree.Load(3));
    }

    [Fact]
    public void Erasing_a_page_conflicts_with_looking_its_index_up()
    {
        var world = new World(pages: 1);
        var tree = new PageTree(ino: 99);
        tree.Store(3, world.Page(0));
        var load = RecordedAccesses.Of(() => Assert.NotNull(tree.Load(3)));

        var erase = RecordedAccesses.Of(() => tree.Erase(3));

        Assert.True(Conflict(load, erase));
    }
}
