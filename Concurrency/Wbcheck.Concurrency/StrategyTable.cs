using Wbcheck.Concurrency.Strategies;

namespace Wbcheck.Concurrency;

/// <summary>The one table from strategy names (as the CLI and the configuration spell them) to strategies.</summary>
public static class StrategyTable
{
    private static readonly (string Name, string Description, Func<TestingConfiguration, ISchedulingStrategy> Create)[] Entries =
    [
        ("random", "uniformly random scheduling and choices; fair", _ => new RandomStrategy()),
        ("pct", "probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010) with PctDepth-1 priority change points",
            c => new PctStrategy(c.PctDepth, c.UnfairSteps)),
        ("dfs", "exhaustive depth-first search of schedules and choices, preemption-bounded; without a fixed bound it iterates " +
                $"the bound 0, 1, 2, ... up to {TestingConfiguration.IteratedPreemptionCap} (as CHESS), so the first bug found has the fewest preemptions",
            c => new DfsStrategy(
                c.PreemptionBound,
                TestingConfiguration.IteratedPreemptionCap,
                c.Reduction,
                c.Stateful ? new VisitedStates(c.StateBudgetBytes, c.CutVisits) : null,
                c.Dpor,
                c.ConservativeBacktracks,
                c.Revisits,
                c.PrefixReplay,
                c.SleepUnderBound,
                c.ChoiceFootprints,
                c.WakeupInsertion)),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Entries.Select(e => e.Name)];

    /// <summary>One line describing strategy <paramref name="name"/>.</summary>
    public static string DescriptionOf(string name) => Entries[IndexOf(name)].Description;

    internal static ISchedulingStrategy Create(TestingConfiguration configuration) =>
        Entries[IndexOf(configuration.Strategy)].Create(configuration);

    /// <summary><paramref name="name"/> when it names a strategy, else an error listing the names.</summary>
    internal static string Check(string name)
    {
        IndexOf(name);
        return name;
    }

    private static int IndexOf(string name)
    {
        var index = Array.FindIndex(Entries, e => e.Name == name);
        return index >= 0
            ? index
            : throw new ArgumentException($"unknown strategy '{name}': use one of {string.Join(", ", Entries.Select(e => e.Name))}");
    }
}
