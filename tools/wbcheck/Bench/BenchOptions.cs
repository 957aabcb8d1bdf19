namespace Wbcheck.Cli.Bench;

/// <summary>How hard the benchmark runner works: repetitions, seeds and budgets.</summary>
internal sealed record BenchOptions
{
    public static BenchOptions Full { get; } = new();

    /// <summary>A short run for smoke testing: fewer repetitions and seeds, small budgets.</summary>
    public static BenchOptions Quick { get; } = new()
    {
        Repetitions = 3,
        Seeds = 5,
        ThroughputIterations = 200,
        TrivialSteps = 200_000,
        BugIterationCap = 2_000,
        ClassicSeeds = 20,
        ClassicScheduleBudget = 20_000,
        PropertyCases = 100,
        PropertyWarmUp = TimeSpan.Zero,
        SoakSchedules = 20_000,
        SoakEarlySchedules = 2_000,
    };

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

    /// <summary>
    /// Seeds per schedules-to-bug figure of a classic program: these programs are cheap, and the
    /// schedules to a bug are geometric, so a median needs hundreds of seeds to be worth comparing.
    /// </summary>
    public int ClassicSeeds { get; init; } = 1000;

    /// <summary>Schedules one classic figure may run over all its seeds; seeds stop once they are spent.</summary>
    public long ClassicScheduleBudget { get; init; } = 2_000_000;

    /// <summary>Cases per FsCheck property check; null for the cases a matrix cell checks.</summary>
    public int? PropertyCases { get; init; }

    /// <summary>How long to warm up before timing a property (whole checks, at least one).</summary>
    public TimeSpan PropertyWarmUp { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Schedules of the memory soak (the issue asks for at least a million).</summary>
    public int SoakSchedules { get; init; } = 1_000_000;

    /// <summary>Schedules after which the soak takes its early working set.</summary>
    public int SoakEarlySchedules { get; init; } = 10_000;

    /// <summary>Run only the figures whose name contains this text (null for all).</summary>
    public string? Only { get; init; }
}
