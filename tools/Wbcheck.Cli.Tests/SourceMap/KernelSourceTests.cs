namespace Wbcheck.Cli.Tests.SourceMap;

public sealed class KernelSourceTests : IDisposable
{
    private readonly string loose = Directory.CreateTempSubdirectory("wbcheck-srcmap-").FullName;

    public void Dispose() => Directory.Delete(loose, recursive: true);

    [Fact]
    public void In_a_tree_a_file_is_found_at_its_cited_path_and_the_version_comes_from_the_makefile()
    {
        var tree = KernelSource.Open(Fixture.Path("trees/v2"));

        var found = tree.Resolve("mm/writeback.c", "1.0");

        Assert.Equal("9.1", tree.TreeVersion);
        Assert.Equal((Fixture.Path("trees/v2/mm/writeback.c"), "9.1", (string?)null), (found.Path, found.Version, found.Note));
        Assert.Null(KernelSource.Open(Fixture.Path("trees/v1")).TreeVersion);
    }

    [Fact]
    public void In_a_folder_of_loose_files_the_base_name_and_the_cited_version_pick_the_file()
    {
        Touch("writeback.c.1.0", "writeback.c.9.1", "writeback.h.1.0", "readahead.c.4.9", "mpage.c");
        var folder = KernelSource.Open(loose);

        Assert.Equal(("writeback.c.1.0", "1.0"), Found(folder.Resolve("mm/writeback.c", "1.0")));
        Assert.Equal(("writeback.c.9.1", "9.1"), Found(folder.Resolve("mm/writeback.c", "9.1")));
        Assert.Equal(("writeback.h.1.0", "1.0"), Found(folder.Resolve("include/linux/writeback.h", "1.0")));
    }

    [Fact]
    public void A_single_loose_file_of_another_version_is_used_and_said_so_but_several_are_ambiguous()
    {
        Touch("writeback.c.1.0", "writeback.c.9.1", "readahead.c.4.9", "mpage.c");
        var folder = KernelSource.Open(loose);

        var other = folder.Resolve("mm/readahead.c", "6.9");
        Assert.Equal(("readahead.c.4.9", "4.9"), Found(other));
        Assert.Equal("cited 6.9; only 4.9 here", other.Note);

        var unversioned = folder.Resolve("fs/mpage.c", "6.9");
        Assert.Equal(("mpage.c", (string?)null), Found(unversioned));

        var ambiguous = folder.Resolve("mm/writeback.c", "6.9");
        Assert.Null(ambiguous.Path);
        Assert.Equal("2 versions here, none is 6.9: writeback.c.1.0, writeback.c.9.1", ambiguous.Note);

        Assert.Equal(new SourceFileResolution(null, null, null), folder.Resolve("mm/vmscan.c", "6.9"));
    }

    [Fact]
    public void A_path_that_is_not_a_directory_is_refused_with_a_message_naming_it()
    {
        var missing = Path.Combine(loose, "no-such-tree");
        Touch("writeback.c.1.0");

        Assert.Equal($"{missing}: no such directory", Assert.Throws<KernelSourceException>(() => KernelSource.Open(missing)).Message);
        Assert.StartsWith(
            $"{Path.Combine(loose, "writeback.c.1.0")} is a file",
            Assert.Throws<KernelSourceException>(() => KernelSource.Open(Path.Combine(loose, "writeback.c.1.0"))).Message,
            StringComparison.Ordinal);
    }

    private void Touch(params string[] names)
    {
        foreach (var name in names)
        {
            File.WriteAllText(Path.Combine(loose, name), "");
        }
    }

    private static (string?, string?) Found(SourceFileResolution resolution) =>
        (resolution.Path is null ? null : Path.GetFileName(resolution.Path), resolution.Version);
}
