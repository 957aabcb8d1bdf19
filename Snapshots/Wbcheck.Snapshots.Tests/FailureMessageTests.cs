namespace Wbcheck.Snapshots.Tests;

/// <summary>
/// What a developer reads when a snapshot fails, snapshotted with the library itself. The
/// failing snapshots live in a temporary directory; their paths are scrubbed to {TempPath} and
/// the directory's GUID to Guid_1, which is exactly what the scrubbers are for.
/// </summary>
public sealed class FailureMessageTests
{
    [Fact]
    public void Changed_snapshot()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("Sample.Case.verified.txt"), "bio 0: sectors 0-7\nbio 1: sectors 8-15\nbio 2: sectors 64-71\n");

        var failure = Assert.Throws<SnapshotMismatchException>(() => Snapshot.Verify(
            "bio 0: sectors 0-15\nbio 1: sectors 64-71\n",
            TestEnvironments.In(directory, TestEnvironments.Local)));

        Snapshot.Verify(failure.Message);
    }

    [Fact]
    public void Missing_snapshot_on_a_developer_machine()
    {
        using var directory = new TemporaryDirectory();

        var failure = Assert.Throws<SnapshotMismatchException>(() => Snapshot.Verify(
            "bio 0: sectors 0-7\n",
            TestEnvironments.In(directory, TestEnvironments.Local)));

        Snapshot.Verify(failure.Message);
    }

    [Fact]
    public void Missing_snapshot_on_a_build_server()
    {
        using var directory = new TemporaryDirectory();

        var failure = Assert.Throws<SnapshotMismatchException>(() => Snapshot.Verify(
            "bio 0: sectors 0-7\n",
            TestEnvironments.In(directory, TestEnvironments.Ci)));

        Snapshot.Verify(failure.Message);
    }
}
