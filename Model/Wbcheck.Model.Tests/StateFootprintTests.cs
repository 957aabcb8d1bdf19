using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The footprints (Model/Runtime/AccessLog) of the address_space, the vm counters and the inode,
/// as PageFootprintTests has them for a page: reading a field and writing it must conflict, or
/// the partial-order reduction takes a step that changes the field for independent of one that
/// looks at it, and runs only one of their orders.
/// </summary>
public sealed class StateFootprintTests
{
    public static TheoryData<string, string> Fields()
    {
        var fields = new TheoryData<string, string>();
        foreach (var (owner, names) in new[]
        {
            ("mapping", "Operations GfpHighmem IMmap WritebackIndex Flags WbErr TruncateCount"),
            ("vmstat", "NrFileDirty NrWriteback NrUnstableNfs NrFileMapped NrAnonPages NrDirtied NrWritten"),
            ("inode", "Size BlockBits LockName State DirtiedWhen Count Nlink Freeing Evicted VersionClock"),
        })
        {
            foreach (var name in names.Split(' '))
            {
                fields.Add(owner, name);
            }
        }

        return fields;
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Reading_a_field_conflicts_with_writing_it(string owner, string field)
    {
        var world = new World(pages: 1);
        object target = owner switch
        {
            "mapping" => world.Mapping,
            "vmstat" => world.Kernel.Vmstat,
            _ => world.Inode,
        };
        var (read, write) = RecordedAccesses.OfField(target, field);

        Assert.Contains(read, entry => (entry & 1) == 0);
        Assert.Contains(write, entry => (entry & 1) == 1);
        Assert.Contains(read, entry => write.Contains(entry | 1));
    }

    /// <summary>list_splice_init (2.5.31's dirty_pages onto io_pages) changes the lists a walker looks at.</summary>
    [Fact]
    public void Splicing_the_page_lists_conflicts_with_looking_at_them()
    {
        var lists = new PageLists(1);

        var look = RecordedAccesses.Of(() => _ = lists.Count(PageListKind.Io));
        var splice = RecordedAccesses.Of(() => lists.SpliceInit(PageListKind.Dirty, PageListKind.Io));

        Assert.NotEmpty(look);
        Assert.Contains(look, entry => splice.Contains(entry | 1));
    }
}
