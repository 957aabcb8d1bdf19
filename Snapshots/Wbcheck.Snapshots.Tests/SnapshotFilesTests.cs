namespace Wbcheck.Snapshots.Tests;

public sealed class SnapshotFilesTests
{
    [Fact]
    public void Files_are_named_after_the_calling_test_class_and_method()
    {
        using var directory = new TemporaryDirectory();
        var settings = new SnapshotSettings { SnapshotDirectory = directory.Path, Environment = TestEnvironments.Local };

        Assert.Throws<SnapshotMismatchException>(() => Snapshot.Verify("x", settings));

        Assert.True(File.Exists(directory.File(
            "SnapshotFilesTests.Files_are_named_after_the_calling_test_class_and_method.received.txt")));
    }

    [Fact]
    public void By_default_the_files_sit_beside_the_test_source_file()
    {
        var files = SnapshotFiles.Resolve(SnapshotSettings.Default, ThisFile(), "Method");

        Assert.Equal(Path.Combine(Path.GetDirectoryName(ThisFile())!, "SnapshotFilesTests.Method.verified.txt"), files.VerifiedPath);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(ThisFile())!, "SnapshotFilesTests.Method.received.txt"), files.ReceivedPath);
    }

    [Theory]
    [InlineData(512, "contiguous")]
    [InlineData(4096, "hole in page")]
    public void Theory_cases_get_a_parameter_suffix(int blockSize, string layout)
    {
        using var directory = new TemporaryDirectory();
        var settings = TestEnvironments.In(directory, TestEnvironments.Local).WithParameters(blockSize, layout);

        Assert.Throws<SnapshotMismatchException>(() => Snapshot.Verify("x", settings));

        var expected = $"Sample.Case_{blockSize}_{layout.Replace(' ', '-')}.received.txt";
        Assert.Equal([expected], Directory.GetFiles(directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Parameter_values_are_made_safe_for_file_names_on_every_system()
    {
        var settings = SnapshotSettings.Default.WithParameters("a/b\\c:d*e?f\"g<h>i|j k\tl", null, 1.5, true);

        var files = SnapshotFiles.Resolve(settings with { SnapshotDirectory = "/snapshots" }, "/src/T.cs", "M");

        Assert.Equal("T.M_a-b-c-d-e-f-g-h-i-j-k-l_null_1.5_True", files.Name);
    }

    [Fact]
    public void Type_method_directory_and_extension_can_be_set()
    {
        var settings = new SnapshotSettings { TypeName = "Mpage", MethodName = "Writes", SnapshotDirectory = "/snapshots", Extension = "json" };

        var files = SnapshotFiles.Resolve(settings, "/src/Whatever.cs", "Ignored");

        Assert.Equal("/snapshots/Mpage.Writes.verified.json", files.VerifiedPath);
        Assert.Equal("/snapshots/Mpage.Writes.received.json", files.ReceivedPath);
    }

    [Fact]
    public void A_received_file_pairs_with_its_verified_file()
    {
        var files = SnapshotFiles.FromReceived("/s/T.M_a.received.x.received.json");

        Assert.Equal("T.M_a.received.x", files.Name);
        Assert.Equal("/s/T.M_a.received.x.verified.json", files.VerifiedPath);
    }

    [Fact]
    public void A_source_path_rewritten_by_a_deterministic_build_is_reported()
    {
        var failure = Assert.Throws<InvalidOperationException>(() =>
            SnapshotFiles.Resolve(SnapshotSettings.Default, "/_/Snapshots/T.cs", "M"));

        Assert.Contains("PathMap or ContinuousIntegrationBuild", failure.Message);
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
