using System.Text.RegularExpressions;
using Wbcheck.Cli.Commands;
using Wbcheck.Snapshots;

namespace Wbcheck.Cli.Tests.Commands;

/// <summary>The review command over a temporary tree of snapshots, with injected environment and streams.</summary>
public sealed class ReviewCommandTests : IDisposable
{
    private static readonly SnapshotEnvironment Local = new(CiVariable: null, AcceptNew: false, Path.GetTempPath());
    private static readonly SnapshotEnvironment Ci = new(CiVariable: "GITHUB_ACTIONS=true", AcceptNew: false, Path.GetTempPath());

    private readonly string root = Path.Combine(Path.GetTempPath(), "wbcheck-review-" + Guid.NewGuid().ToString("D"));
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    public ReviewCommandTests()
    {
        Write("Tests/A.M.verified.txt", "a\nold\n");
        Write("Tests/A.M.received.txt", "a\nnew\n");
        Write("Tests/B.M.received.txt", "b\n");
    }

    public void Dispose()
    {
        Directory.Delete(root, recursive: true);
        output.Dispose();
        error.Dispose();
    }

    [Fact]
    public void Without_a_terminal_or_flags_it_lists_and_exits_non_zero()
    {
        var exit = Run(Local, "", interactive: false);

        Assert.Equal(ReviewCommand.StillPending, exit);
        Assert.Contains("2 pending snapshots under " + root, output.ToString());
        Assert.Contains("changed  " + Path.Combine("Tests", "A.M.received.txt"), output.ToString());
        Assert.Contains("new      " + Path.Combine("Tests", "B.M.received.txt"), output.ToString());
        Assert.Equal("a\nold\n", Read("Tests/A.M.verified.txt"));
    }

    [Fact]
    public void List_exits_zero_and_changes_nothing()
    {
        Assert.Equal(ReviewCommand.Done, Run(Local, "", interactive: true, "--list"));
        Assert.Contains("2 pending snapshots", output.ToString());
        Assert.True(File.Exists(Path.Combine(root, "Tests/B.M.received.txt")));
    }

    [Fact]
    public void Nothing_pending_exits_zero()
    {
        File.Delete(Path.Combine(root, "Tests/A.M.received.txt"));
        File.Delete(Path.Combine(root, "Tests/B.M.received.txt"));

        Assert.Equal(ReviewCommand.Done, Run(Local, "", interactive: false));
        Assert.Contains("No pending snapshots", output.ToString());
    }

    [Fact]
    public void Accept_all_moves_every_received_file()
    {
        Assert.Equal(ReviewCommand.Done, Run(Local, "", interactive: false, "--accept-all"));

        Assert.Equal("a\nnew\n", Read("Tests/A.M.verified.txt"));
        Assert.Equal("b\n", Read("Tests/B.M.verified.txt"));
    }

    [Fact]
    public void Accept_and_reject_one_by_file()
    {
        Assert.Equal(ReviewCommand.Done, Run(Local, "", interactive: false, "--accept", "Tests/B.M.received.txt"));
        Assert.Equal(ReviewCommand.Done, Run(Local, "", interactive: false, "--reject", "Tests/A.M.verified.txt"));

        Assert.Equal("b\n", Read("Tests/B.M.verified.txt"));
        Assert.Equal("a\nold\n", Read("Tests/A.M.verified.txt"));
        Assert.Empty(Directory.GetFiles(root, "*.received.*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Reject_all_deletes_every_received_file()
    {
        Assert.Equal(ReviewCommand.Done, Run(Local, "", interactive: false, "--reject-all"));

        Assert.Equal("a\nold\n", Read("Tests/A.M.verified.txt"));
        Assert.False(File.Exists(Path.Combine(root, "Tests/B.M.verified.txt")));
        Assert.Empty(Directory.GetFiles(root, "*.received.*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("--accept-all")]
    [InlineData("--accept", "Tests/B.M.received.txt")]
    public void Under_CI_accepting_is_refused_with_a_clear_error(params string[] flags)
    {
        var exit = Run(Ci, "", interactive: false, flags);

        Assert.Equal(ReviewCommand.Failed, exit);
        Assert.Contains("build server was detected (GITHUB_ACTIONS=true)", error.ToString());
        Assert.Equal("a\nold\n", Read("Tests/A.M.verified.txt"));
        Assert.False(File.Exists(Path.Combine(root, "Tests/B.M.verified.txt")));
    }

    [Fact]
    public void Interactive_review_shows_each_diff_and_obeys_each_answer()
    {
        // "x" is not an answer and is asked again; then accept A, skip B.
        var exit = Run(Local, "x\na\ns\n", interactive: true);

        Assert.Equal(ReviewCommand.StillPending, exit);
        var text = WithoutColors(output.ToString()).ReplaceLineEndings("\n");
        Assert.Contains("[1/2] A.M (changed)", text);
        Assert.Contains("--- A.M.verified.txt\n+++ A.M.received.txt\n@@ -1,2 +1,2 @@\n a\n-old\n+new\n", text);
        Assert.Contains("[2/2] B.M (new)", text);
        Assert.Contains("Answer a, r, s or q.", text);
        Assert.Contains("Accepted 1, rejected 0, 1 still pending.", text);
        Assert.Equal("a\nnew\n", Read("Tests/A.M.verified.txt"));
        Assert.True(File.Exists(Path.Combine(root, "Tests/B.M.received.txt")));
    }

    [Fact]
    public void Interactive_review_rejects_and_ends_when_everything_is_decided()
    {
        Assert.Equal(ReviewCommand.Done, Run(Local, "r\na\n", interactive: true));

        Assert.Equal("a\nold\n", Read("Tests/A.M.verified.txt"));
        Assert.Equal("b\n", Read("Tests/B.M.verified.txt"));
    }

    [Fact]
    public void Interactive_review_under_CI_refuses_to_accept()
    {
        var exit = Run(Ci, "a\ns\nq\n", interactive: true);

        Assert.Equal(ReviewCommand.StillPending, exit);
        Assert.Contains("refusing to accept A.M", error.ToString());
        Assert.Equal("a\nold\n", Read("Tests/A.M.verified.txt"));
    }

    [Fact]
    public void Conflicting_flags_and_unknown_files_are_errors()
    {
        Assert.Equal(ReviewCommand.Failed, Run(Local, "", interactive: false, "--accept-all", "--reject-all"));
        Assert.Equal(ReviewCommand.Failed, Run(Local, "", interactive: false, "--accept", "Tests/Nope.M.received.txt"));

        Assert.Contains("choose one of", error.ToString());
        Assert.Contains("is not a pending snapshot", error.ToString());
        Assert.Equal(2, Directory.GetFiles(root, "*.received.*", SearchOption.AllDirectories).Length);
    }

    private int Run(SnapshotEnvironment environment, string input, bool interactive, params string[] flags) =>
        ReviewCommand.Create(environment, new StringReader(input), output, error, () => interactive)
            .Parse(["--root", root, .. flags])
            .Invoke();

    /// <summary>Interactive output may be coloured (the terminal decides); the words are what is checked.</summary>
    private static string WithoutColors(string text) => Regex.Replace(text, @"\x1b\[[0-9;]*m", "");

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private string Read(string relativePath) => File.ReadAllText(Path.Combine(root, relativePath));
}
