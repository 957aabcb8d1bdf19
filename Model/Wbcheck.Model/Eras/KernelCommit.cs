namespace Wbcheck.Model;

/// <summary>
/// A kernel commit: its id (12 hex digits), title, and the release it first appeared in. A change
/// from before git (2.6.12) has no such id: <see cref="PreGit"/> is set and <see cref="Id"/> names
/// the -mm patch that carried it.
/// </summary>
public sealed record KernelCommit(string Id, string Title, string Release)
{
    /// <summary>The change predates git: <see cref="Id"/> is the name of an -mm patch, not a commit id.</summary>
    public bool PreGit { get; init; }

    public override string ToString() => PreGit ? $"-mm patch {Id} (\"{Title}\", {Release})" : $"{Id} (\"{Title}\", {Release})";
}
