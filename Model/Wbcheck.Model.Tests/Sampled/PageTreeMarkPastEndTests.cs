using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// xa_get_mark of an index that holds no entry is false, wherever the index is: inside the tree,
/// at its edge, or past every entry (the xarray walks to an absent node and answers false). The
/// marks the lookup reports, index by index over the tree's whole room and past it, agree with the
/// entries and the marks set on them.
/// </summary>
public sealed class PageTreeMarkPastEndTests
{
    [Fact]
    public void Xa_get_mark_is_false_for_every_index_without_an_entry_up_to_and_past_the_trees_room()
    {
        var world = new World(pages: 2);
        var tree = new PageTree(ino: 99);
        tree.Store(0, world.Page(0));
        tree.Store(1, world.Page(1));
        tree.SetMark(1, XaMark.Dirty);

        for (var index = -1L; index <= tree.Capacity + 1; index++)
        {
            var expected = index == 1;
            Assert.Equal(expected, tree.GetMark(index, XaMark.Dirty));
            Assert.Equal(expected ? XaMark.Dirty : XaMark.None, tree.Marks(index));
        }
    }
}
