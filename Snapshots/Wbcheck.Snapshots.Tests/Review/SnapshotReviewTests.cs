using Wbcheck.Snapshots.Review;

namespace Wbcheck.Snapshots.Tests.Review;

public sealed class SnapshotReviewTests
{
    private readonly SnapshotReview local = new(TestEnvironments.Local);

    [Fact]
    public void Pending_files_are_found_under_the_root_skipping_build_output_and_hidden_directories()
    {
        using var root = new TemporaryDirectory();
        var kept = Pending(root, "A.M.received.txt", "new\n");
        var nested = Pending(root, "Model/Tests/B.M_512.received.txt", "new\n");
        Pending(root, "Model/Tests/bin/Debug/C.M.received.txt", "copy\n");
        Pending(root, "Model/Tests/obj/D.M.received.txt", "copy\n");
        Pending(root, ".git/E.M.received.txt", "copy\n");
        Pending(root, "Model/Tests/F.M.verified.txt", "not pending\n");

        var pending = SnapshotReview.FindPending(root.Path);

        Assert.Equal([kept, nested], pending.Select(p => p.ReceivedPath));
        Assert.Equal(Path.Combine(root.Path, "Model/Tests/B.M_512.verified.txt"), pending[1].VerifiedPath);
    }

    [Fact]
    public void Accepting_moves_the_received_file_over_the_verified_file()
    {
        using var root = new TemporaryDirectory();
        var received = Pending(root, "A.M.received.txt", "new\n");
        File.WriteAllText(root.File("A.M.verified.txt"), "old\n");

        local.Accept(SnapshotReview.Find(root.Path, received));

        Assert.Equal("new\n", File.ReadAllText(root.File("A.M.verified.txt")));
        Assert.False(File.Exists(received));
    }

    [Fact]
    public void Rejecting_deletes_the_received_file_and_keeps_the_verified_file()
    {
        using var root = new TemporaryDirectory();
        var received = Pending(root, "A.M.received.txt", "new\n");
        File.WriteAllText(root.File("A.M.verified.txt"), "old\n");

        SnapshotReview.Reject(SnapshotReview.Find(root.Path, "A.M.verified.txt"));

        Assert.Equal("old\n", File.ReadAllText(root.File("A.M.verified.txt")));
        Assert.False(File.Exists(received));
    }

    [Fact]
    public void Accept_all_and_reject_all_touch_every_pending_file()
    {
        using var root = new TemporaryDirectory();
        Pending(root, "a/A.M.received.txt", "a\n");
        Pending(root, "b/B.M.received.txt", "b\n");

        var accepted = local.AcceptAll(root.Path);

        Assert.Equal(2, accepted.Count);
        Assert.Equal("a\n", File.ReadAllText(root.File("a/A.M.verified.txt")));
        Assert.Equal("b\n", File.ReadAllText(root.File("b/B.M.verified.txt")));
        Assert.Empty(SnapshotReview.FindPending(root.Path));

        Pending(root, "a/A.M.received.txt", "a2\n");
        Pending(root, "b/B.M.received.txt", "b2\n");

        var rejected = SnapshotReview.RejectAll(root.Path);

        Assert.Equal(2, rejected.Count);
        Assert.Equal("a\n", File.ReadAllText(root.File("a/A.M.verified.txt")));
        Assert.Empty(SnapshotReview.FindPending(root.Path));
    }

    [Fact]
    public void Under_CI_accepting_is_refused_and_nothing_changes()
    {
        using var root = new TemporaryDirectory();
        var received = Pending(root, "A.M.received.txt", "new\n");
        Pending(root, "B.M.received.txt", "new\n");
        File.WriteAllText(root.File("A.M.verified.txt"), "old\n");
        var ci = new SnapshotReview(TestEnvironments.Ci);

        var one = Assert.Throws<SnapshotReviewException>(() => ci.Accept(SnapshotReview.Find(root.Path, received)));
        var all = Assert.Throws<SnapshotReviewException>(() => ci.AcceptAll(root.Path));

        Assert.Contains("build server was detected (CI=true)", one.Message);
        Assert.Contains("refusing to accept any snapshot", all.Message);
        Assert.Equal("old\n", File.ReadAllText(root.File("A.M.verified.txt")));
        Assert.False(File.Exists(root.File("B.M.verified.txt")));
        Assert.Equal(2, SnapshotReview.FindPending(root.Path).Count);
    }

    [Fact]
    public void The_diff_of_a_pending_snapshot_compares_it_with_its_verified_file()
    {
        using var root = new TemporaryDirectory();
        Pending(root, "A.M.received.txt", "a\nB\n");
        File.WriteAllText(root.File("A.M.verified.txt"), "a\r\nb\r\n");
        Pending(root, "N.M.received.txt", "n\n");

        var pending = SnapshotReview.FindPending(root.Path);

        Assert.False(pending[0].IsNew);
        Assert.Equal("--- A.M.verified.txt\n+++ A.M.received.txt\n@@ -1,2 +1,2 @@\n a\n-b\n+B\n", pending[0].Diff());
        Assert.True(pending[1].IsNew);
        Assert.Equal("--- /dev/null\n+++ N.M.received.txt\n@@ -0,0 +1 @@\n+n\n", pending[1].Diff());
    }

    [Fact]
    public void A_file_that_is_not_pending_is_reported()
    {
        using var root = new TemporaryDirectory();

        var failure = Assert.Throws<SnapshotReviewException>(() => SnapshotReview.Find(root.Path, "Nope.M.verified.txt"));

        Assert.Contains("Nope.M.verified.txt is not a pending snapshot", failure.Message);
    }

    [Fact]
    public void A_received_file_accepted_meanwhile_is_reported()
    {
        using var root = new TemporaryDirectory();
        var pending = SnapshotReview.Find(root.Path, Pending(root, "A.M.received.txt", "new\n"));
        local.Accept(pending);

        var failure = Assert.Throws<SnapshotReviewException>(() => SnapshotReview.Reject(pending));

        Assert.Contains("no longer exists", failure.Message);
    }

    private static string Pending(TemporaryDirectory root, string relativePath, string text)
    {
        var path = root.File(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
