namespace Wbcheck.Conformance.Differential;

/// <summary>One row of docs/abstractions.md: a deliberate difference between the model and the kernel's source.</summary>
public sealed record Abstraction(string Id, string Function, string Version, string Difference, string Reason)
{
    /// <summary>Whether the row is for <paramref name="version"/>: its version cell lists versions separated by commas.</summary>
    public bool Covers(string version) => Version.Split(',').Select(v => v.Trim()).Contains(version);

    public override string ToString() => $"{Id} ({Function} {Version}): {Difference}";
}
