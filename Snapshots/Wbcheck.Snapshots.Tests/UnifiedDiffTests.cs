namespace Wbcheck.Snapshots.Tests;

/// <summary>
/// The diff renderer, snapshotted with the library itself: each case's rendering is checked in
/// as <c>UnifiedDiffTests.Renders_&lt;case&gt;.verified.txt</c> (a theory with a parameter suffix).
/// </summary>
public sealed class UnifiedDiffTests
{
    private static readonly string Numbers = Lines(1, 20);

    /// <summary>Normalized texts, as the library diffs them; a missing verified file is the empty text.</summary>
    private static readonly Dictionary<string, (string Old, string New)> CaseTexts = new()
    {
        ["one-line-changed"] = (Numbers, Numbers.Replace("line 10\n", "line ten\n")),
        ["nearby-changes-share-a-hunk"] = (Numbers, Numbers.Replace("line 5\n", "line five\n").Replace("line 10\n", "line ten\n")),
        ["distant-changes-split-hunks"] = (Numbers, Numbers.Replace("line 2\n", "").Replace("line 18\n", "line 18\nline 18.5\n")),
        ["first-and-last-lines"] = (Numbers, "line zero\n" + Numbers.Replace("line 20\n", "")),
        ["new-file"] = ("", "bio 0: sectors 0-7, pages 0-0\nbio 1: sectors 64-79, pages 1-2\n"),
        ["everything-removed"] = ("a\nb\n", "\n"),
    };

    public static TheoryData<string> Cases => [.. CaseTexts.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Renders(string name)
    {
        var (oldText, newText) = CaseTexts[name];

        var diff = UnifiedDiff.Create(oldText, newText, "old.txt", "new.txt", context: 3);

        Snapshot.Verify(diff, SnapshotSettings.Default.WithParameters(name));
    }

    [Fact]
    public void Zero_context_shows_only_the_changed_lines()
    {
        var diff = UnifiedDiff.Create("a\nb\nc\n", "a\nB\nc\n", "old", "new", context: 0);

        Assert.Equal("--- old\n+++ new\n@@ -2 +2 @@\n-b\n+B\n", diff);
    }

    private static string Lines(int first, int last) =>
        string.Concat(Enumerable.Range(first, last - first + 1).Select(number => $"line {number}\n"));
}
