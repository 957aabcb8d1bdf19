namespace Wbcheck.Conformance.Differential;

/// <summary>One row of docs/abstractions.md: a deliberate difference between the model and the kernel's source.</summary>
public sealed record Abstraction(string Id, string Function, string Version, string Difference, string Reason)
{
    public override string ToString() => $"{Id} ({Function} {Version}): {Difference}";
}
