namespace Wbcheck.Model.Tests;

/// <summary>
/// Page's footprints (Model/Runtime/AccessLog): reading a field of a page and writing it must
/// conflict, or the partial-order reduction takes a step that changes the field for independent
/// of one that looks at it, and runs only one of their orders.
/// </summary>
public sealed class PageFootprintTests
{
    /// <summary>The page's fields the model reports accesses to (Page.Field).</summary>
    public static TheoryData<string> Fields() =>
    [
        "Index", "Mapping", "Locked", "Dirty", "Writeback", "Uptodate", "Error", "DirtyPendingTag", "CommittedVersion",
        "Version", "ZeroFrom", "Buffers", "RefCount", "Referenced", "Freed", "Generation", "FreedBy", "Reclaim",
        "Active", "PageReferenced",
    ];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Reading_a_field_of_a_page_conflicts_with_writing_it(string field)
    {
        var world = new World(pages: 1);
        var page = world.Page(0);
        var (read, write) = RecordedAccesses.OfField(page, field);

        Assert.Contains(read, entry => (entry & 1) == 0);
        Assert.Contains(write, entry => (entry & 1) == 1);
        Assert.Contains(read, entry => write.Contains(entry | 1));
    }
}
