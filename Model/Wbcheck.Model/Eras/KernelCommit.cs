namespace Wbcheck.Model;

/// <summary>A kernel commit: its id (12 hex digits), title, and the release it first appeared in.</summary>
public sealed record KernelCommit(string Id, string Title, string Release)
{
    public override string ToString() => $"{Id} (\"{Title}\", {Release})";
}
