using System.Text;

namespace Wbcheck.Snapshots.Tests;

public sealed class SnapshotVerifyTests
{
    [Fact]
    public void Matching_text_passes_and_writes_nothing()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("Sample.Case.verified.txt"), "bio 0: sectors 0-7\n");

        Snapshot.Verify("bio 0: sectors 0-7\n", TestEnvironments.In(directory, TestEnvironments.Local));

        Assert.Equal(["Sample.Case.verified.txt"], FileNames(directory));
    }

    [Fact]
    public void Mismatch_writes_received_and_fails_with_a_unified_diff_both_paths_and_the_review_command()
    {
        using var directory = new TemporaryDirectory();
        var verified = directory.File("Sample.Case.verified.txt");
        File.WriteAllText(verified, "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n");

        var failure = Assert.Throws<SnapshotMismatchException>(() => Snapshot.Verify(
            "one\ntwo\nthree\nfour\nFIVE\nsix\nseven\neight\nnine\n",
            TestEnvironments.In(directory, TestEnvironments.Local)));

        var received = directory.File("Sample.Case.received.txt");
        Assert.Equal("one\ntwo\nthree\nfour\nFIVE\nsix\nseven\neight\nnine\n", File.ReadAllText(received));
        Assert.Equal("one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n", File.ReadAllText(verified));
        Assert.False(failure.VerifiedMissing);
        var diff = "--- Sample.Case.verified.txt\n+++ Sample.Case.received.txt\n@@ -2,7 +2,7 @@\n two\n three\n four\n-five\n+FIVE\n six\n seven\n eight\n";
        Assert.Equal(diff, failure.Diff);
        Assert.Contains(diff, failure.Message);
        Assert.Contains("verified: " + verified, failure.Message);
        Assert.Contains("received: " + received, failure.Message);
        Assert.Contains("dotnet run --project tools/wbcheck -- review", failure.Message);
    }

    [Fact]
    public void Missing_verified_file_fails_and_writes_received()
    {
        using var directory = new TemporaryDirectory();

        var failure = Assert.Throws<SnapshotMismatchException>(() =>
            Snapshot.Verify("first\nsecond", TestEnvironments.In(directory, TestEnvironments.Local)));

        Assert.True(failure.VerifiedMissing);
        Assert.Equal(["Sample.Case.received.txt"], FileNames(directory));
        Assert.Equal("first\nsecond\n", File.ReadAllText(directory.File("Sample.Case.received.txt")));
        Assert.Contains("--- /dev/null\n+++ Sample.Case.received.txt\n@@ -0,0 +1,2 @@\n+first\n+second\n", failure.Message);
        Assert.Contains("has no verified file yet", failure.Message);
        Assert.Contains("review --accept", failure.Message);
    }

    [Fact]
    public void Accept_variable_creates_a_missing_verified_file_outside_CI()
    {
        using var directory = new TemporaryDirectory();

        Snapshot.Verify("new\n", TestEnvironments.In(directory, TestEnvironments.LocalAcceptingNew));

        Assert.Equal(["Sample.Case.verified.txt"], FileNames(directory));
        Assert.Equal("new\n", File.ReadAllText(directory.File("Sample.Case.verified.txt")));
    }

    [Fact]
    public void Accept_variable_never_accepts_a_changed_snapshot()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("Sample.Case.verified.txt"), "old\n");

        Assert.Throws<SnapshotMismatchException>(() =>
            Snapshot.Verify("new\n", TestEnvironments.In(directory, TestEnvironments.LocalAcceptingNew)));

        Assert.Equal("old\n", File.ReadAllText(directory.File("Sample.Case.verified.txt")));
    }

    [Fact]
    public void Under_CI_a_missing_verified_file_is_not_created_and_the_message_says_how_to_create_it_locally()
    {
        using var directory = new TemporaryDirectory();

        var failure = Assert.Throws<SnapshotMismatchException>(() =>
            Snapshot.Verify("new\n", TestEnvironments.In(directory, TestEnvironments.Ci)));

        Assert.False(File.Exists(directory.File("Sample.Case.verified.txt")));
        Assert.Contains("Build server detected (CI=true)", failure.Message);
        Assert.Contains("never created or accepted here", failure.Message);
        Assert.Contains("run this test locally and accept it from the repository root:\n  dotnet run --project tools/wbcheck -- review --accept", failure.Message);
        Assert.DoesNotContain(SnapshotEnvironment.AcceptVariable, failure.Message);
    }

    [Fact]
    public void Under_CI_a_mismatch_leaves_the_verified_file_alone()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("Sample.Case.verified.txt"), "old\n");

        var failure = Assert.Throws<SnapshotMismatchException>(() =>
            Snapshot.Verify("new\n", TestEnvironments.In(directory, TestEnvironments.Ci)));

        Assert.Equal("old\n", File.ReadAllText(directory.File("Sample.Case.verified.txt")));
        Assert.Contains("nothing is accepted here", failure.Message);
    }

    [Fact]
    public void Stale_received_file_is_removed_when_the_snapshot_matches()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("Sample.Case.verified.txt"), "same\n");
        File.WriteAllText(directory.File("Sample.Case.received.txt"), "an old failure\n");

        Snapshot.Verify("same", TestEnvironments.In(directory, TestEnvironments.Local));

        Assert.Equal(["Sample.Case.verified.txt"], FileNames(directory));
    }

    [Fact]
    public void CRLF_BOM_and_trailing_newlines_do_not_count_as_changes()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("Sample.Case.verified.txt"), "a\r\nb\r\n\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Snapshot.Verify("a\nb", TestEnvironments.In(directory, TestEnvironments.Local));
        Snapshot.Verify("\uFEFFa\rb\n\n\n", TestEnvironments.In(directory, TestEnvironments.Local));
    }

    [Fact]
    public void Received_file_is_LF_with_one_trailing_newline_and_no_BOM()
    {
        using var directory = new TemporaryDirectory();

        Assert.Throws<SnapshotMismatchException>(() =>
            Snapshot.Verify("\uFEFFa\r\nb\r\n\r\n\r\n", TestEnvironments.In(directory, TestEnvironments.Local)));

        Assert.Equal("a\nb\n"u8.ToArray(), File.ReadAllBytes(directory.File("Sample.Case.received.txt")));
    }

    [Fact]
    public void Trailing_spaces_on_a_line_are_content()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("Sample.Case.verified.txt"), "a\n");

        Assert.Throws<SnapshotMismatchException>(() =>
            Snapshot.Verify("a \n", TestEnvironments.In(directory, TestEnvironments.Local)));
    }

    [Fact]
    public void Scrubbing_applies_before_comparing_and_writing()
    {
        using var directory = new TemporaryDirectory();
        var settings = TestEnvironments.In(directory, TestEnvironments.Local) with { ScrubSeeds = true };

        Assert.Throws<SnapshotMismatchException>(() => Snapshot.Verify(
            $"run {Guid.NewGuid()} took 12.5 ms with seed 991 in {directory.Path}",
            settings));

        Assert.Equal(
            "run Guid_1 took {Duration} with seed {Seed} in {TempPath}/wbcheck-snapshots-Guid_2\n",
            File.ReadAllText(directory.File("Sample.Case.received.txt")));
    }

    private static string[] FileNames(TemporaryDirectory directory) =>
        [.. Directory.GetFiles(directory.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
}
