using Wbcheck.Conformance.Cases;
using Wbcheck.Conformance.Traces;

namespace Wbcheck.Conformance.Differential;

/// <summary>Runs one case through the kernel's compiled function and through the model, and compares.</summary>
public static class Differential
{
    public static CaseOutcome Compare(CompiledTarget compiled, IConformanceCase c, IReadOnlyList<Abstraction>? abstractions = null)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        ArgumentNullException.ThrowIfNull(c);
        var kernel = EventSequence.From(compiled.RunKernel(c));
        var model = EventSequence.From(compiled.Target.RunModel(c));
        if (SideBySide.FirstDifference(kernel, model) < 0)
        {
            return new CaseOutcome(kernel, model, null);
        }

        var rows = abstractions ?? AbstractionTable.For(compiled.Target.Name, compiled.Target.Version);
        var explained = rows.FirstOrDefault(row => Tolerances.Rules.TryGetValue(row.Id, out var rule) && rule(c, kernel, model));
        return new CaseOutcome(kernel, model, explained);
    }
}
