namespace Wbcheck.Model.Citations;

/// <summary>One model member and one kernel function it models.</summary>
public sealed record Citation(string Member, ModelsAttribute Source)
{
    public override string ToString() => $"{Member} <- {Source.File}:{Source.Function} ({Source.Version})";
}
