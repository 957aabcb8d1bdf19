using Wbcheck.Conformance.Cases;

namespace Wbcheck.Conformance.Differential;

/// <summary>A case, shrunk, on which the kernel's source and the model differ with no abstraction to explain it.</summary>
public sealed record ConformanceDivergence(IConformanceCase Case, CaseOutcome Outcome, string Seed)
{
    public string Render(ConformanceTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return $"{target.Name} ({target.Version}): the kernel's source and the model diverge on\n  {Case}\n" +
               $"(replay with seed {Seed}; first difference marked >>)\n" +
               SideBySide.Render(Outcome.Kernel, Outcome.Model, $"kernel {target.Version} (compiled)", "model");
    }
}
