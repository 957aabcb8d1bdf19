namespace Wbcheck.Cli.Bench;

/// <summary>How hard the benchmark runner works: repetitions, seeds and budgets.</summary>
internal sealed record BenchOptions
{
    public static BenchOptions Full { get; } = new();

    /// <summary>A short run for smoke testing: fewer repetitions and seeds, small budgets.</summary>
    public static BenchOptions Quick { get; } = new() { Repetitions = 3, Seeds = 5, ThroughputIterations = 200, TrivialSteps = 200_000, BugIterationCap = 2_000 };

    /// <summary>Measured repetitions of each throughput figure, after one warm-up.</summary>
    public int Repetitions { get; init; } = 5;

    /// <summary>Seeds per time-to-bug figure (the issue asks for at least 20).</summary>
    public int Seeds { get; init; } = 20;

    /// <summary>Iterations per throughput measurement of a scenario.</summary>
    public int ThroughputIterations { get; init; } = 2_000;

    /// <summary>Scheduling steps of the trivial two-thread program per repetition.</summary>
    public int TrivialSteps { get; init; } = 2_000_000;

    /// <summary>Iterations a time-to-bug run may take before it counts as "not found".</summary>
    public int BugIterationCap { get; init; } = 20_000;

    /// <summary>Run only the figures whose name contains this text (null for all).</summary>
    public string? Only { get; init; }
}
