using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// xa_clear_mark of an index the tree holds nothing at changes nothing [R]: clearing a mark far
/// past the tree's room leaves every mark as it was (and only looks, a read of the marks).
/// </summary>
public sealed class PageTreeClearMarkPastEndTests
{
    [Fact]
    public void Clearing_a_mark_past_the_tree_changes_nothing()
    {
        var world = new World(pages: 2);
        var before = (world.Marks(0), world.Marks(1));

        var accesses = RecordedAccesses.Of(() => world.Mapping.Pages.ClearMark(1 << 20, XaMark.Dirty));

        Assert.Equal(before, (world.Marks(0), world.Marks(1)));
        Assert.Equal(XaMark.None, world.Marks(1 << 20));
        Assert.DoesNotContain(accesses, entry => (entry & 1) == 1);
    }
}
