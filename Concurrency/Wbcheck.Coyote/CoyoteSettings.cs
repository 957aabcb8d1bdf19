namespace Wbcheck.Coyote;

/// <summary>
/// How a program is tested under Coyote. Immutable: change it with <c>with</c>. Every run has a
/// step bound (<see cref="MaxSteps"/> model steps an iteration) and a time bound
/// (<see cref="Timeout"/>), so nothing hangs.
/// </summary>
public sealed record CoyoteSettings
{
    /// <summary>The race scenarios' limits, as our engine's <c>RaceScenario.DefaultConfiguration</c> has them.</summary>
    public static CoyoteSettings Default { get; } = new();

    /// <summary>Coyote's strategies by our names: random, pct (Coyote's prioritization), fair-pct.</summary>
    public static IReadOnlyList<string> Strategies { get; } = ["random", "pct", "fair-pct"];

    public int Iterations { get; init; } = 100;

    /// <summary>Seed of Coyote's random generator (its schedules and its controlled random choices).</summary>
    public uint Seed { get; init; } = 1;

    public string Strategy
    {
        get => strategy;
        init => strategy = Strategies.Contains(value)
            ? value
            : throw new ArgumentException($"unknown Coyote strategy '{value}'; known: {string.Join(", ", Strategies)}");
    }

    /// <summary>Priority change points of pct and fair-pct (Coyote's default is 10).</summary>
    public int PriorityChanges { get; init; } = 10;

    /// <summary>Model steps (and choices) an iteration may take, counted as our engine counts them.</summary>
    public int MaxSteps { get; init; } = 10_000;

    /// <summary>Steps of fair-pct before it turns fair (our engine's unfair-step bound for race scenarios).</summary>
    public int MaxUnfairSteps { get; init; } = 200;

    /// <summary>Consecutive hot steps that make a livelock: Coyote's liveness temperature threshold.</summary>
    public int LivenessBound { get; init; } = 5_000;

    /// <summary>The whole run stops after this long, bug or not.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long one step may run before Coyote reports it as hung: model code blocked on something
    /// Coyote does not control (a lock, an event, a sleep of the OS thread).
    /// </summary>
    public TimeSpan HangTimeout { get; init; } = TimeSpan.FromSeconds(5);

    private readonly string strategy = "random";
}
