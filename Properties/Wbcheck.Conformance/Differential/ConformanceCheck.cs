using FsCheck.Fluent;
using Wbcheck.Conformance.Cases;
using Wbcheck.Properties.Checking;

namespace Wbcheck.Conformance.Differential;

/// <summary>
/// The differential property: on every generated case the compiled kernel function and the model
/// give the same event sequence, or a difference that a row of docs/abstractions.md explains
/// exactly. A divergence is shrunk by FsCheck to the smallest case.
/// </summary>
public static class ConformanceCheck
{
    public static ConformanceReport Run(CompiledTarget compiled, int cases, ReplaySeed? replay = null, IReadOnlyList<Abstraction>? abstractions = null)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        var rows = abstractions ?? AbstractionTable.For(compiled.Target.Name, compiled.Target.Version);
        var run = 0;
        var events = 0L;
        var failed = false;
        var tolerated = new Dictionary<string, int>(StringComparer.Ordinal);
        (IConformanceCase Case, CaseOutcome Outcome)? lastFailure = null;
        var property = Prop.ForAll(compiled.Target.Cases(), c =>
        {
            var outcome = Differential.Compare(compiled, c, rows);
            if (!failed)
            {
                run++;
                events += Math.Max(outcome.Kernel.Count, outcome.Model.Count);
                if (outcome.ExplainedBy is { } row)
                {
                    tolerated[row.Id] = tolerated.GetValueOrDefault(row.Id) + 1;
                }
            }

            if (outcome.Diverges)
            {
                failed = true;
                lastFailure = (c, outcome);
            }

            return !outcome.Diverges;
        });

        try
        {
            PropertyCheck.Run($"conform {compiled.Target.Name}", property, PropertyOptions.Default with { MaxTest = cases, Replay = replay });
            return Report(null);
        }
        catch (PropertyFailedException exception) when (lastFailure is { } shrunk)
        {
            return Report(new ConformanceDivergence(shrunk.Case, shrunk.Outcome, exception.Replay.ToString()));
        }

        // The counts as they stand once the cases have run.
        ConformanceReport Report(ConformanceDivergence? divergence) =>
            new(compiled.Target, run, events, tolerated, divergence)
            {
                Compiled = compiled.Functions.Select(f => f.Name).ToList(),
                StandIns = compiled.StandInsUsed,
                Source = compiled.Source,
            };
    }
}
