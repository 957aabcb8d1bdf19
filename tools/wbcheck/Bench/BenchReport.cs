namespace Wbcheck.Cli.Bench;

/// <summary>
/// Everything <c>wbcheck bench</c> measures, in the shape of its JSON (field names fixed so the
/// figures can be tracked over time).
/// </summary>
internal sealed record BenchReport
{
    public required string Machine { get; init; }

    public required string Date { get; init; }

    public double TrivialStepsPerSecond { get; init; }

    public Sample? TrivialStepsPerSecondSample { get; init; }

    public double AllocatedBytesPerStep { get; init; }

    public List<ScenarioThroughput> Scenarios { get; init; } = [];

    public List<TimeToBug> TimeToBug { get; init; } = [];

    public List<DfsExhaustion> DfsExhaustion { get; init; } = [];

    public List<ClassicProgram> Classic { get; init; } = [];

    /// <summary>Stateless against stateful DFS, and DFS with and without the reduction (<c>--only search</c>).</summary>
    public List<SearchFigure> Search { get; init; } = [];

    public List<PropertyThroughput> Properties { get; init; } = [];

    /// <summary>Each bug cell's trace as found, shrunk by delta debugging alone, and minimized (<c>--only minimize</c>).</summary>
    public List<MinimizeFigure> Minimize { get; init; } = [];

    /// <summary>The memory soak, run only when asked for by name (<c>--only soak</c>).</summary>
    public SoakResult? Soak { get; init; }
}

internal sealed record ScenarioThroughput(string Scenario, string Era, string Strategy, int Pages, double SchedulesPerSecond, double StepsPerSecond);

internal sealed record TimeToBug(string Scenario, string Era, string Strategy, double MedianSeconds, double MedianSchedules, bool FoundInAllSeeds, int Seeds);

internal sealed record SearchFigure(
    string Program, string Mode, int Schedules, long Steps, double Seconds, double StepsPerSecond, bool Exhausted, bool FoundBug, long States, double CpuSeconds = 0)
{
    /// <summary>Steps a second of the process's CPU time (all its threads: the JIT and the GC's too), which a loaded machine distorts less than the wall clock.</summary>
    public double StepsPerCpuSecond => Steps / Math.Max(CpuSeconds, 1e-9);
}

internal sealed record DfsExhaustion(string Scenario, string Era, double Seconds, int Schedules, bool Exhausted);

/// <param name="MedianSchedulesToBug">The sample median of <paramref name="SchedulesToBug"/>, kept for tracking; null for a correct program.</param>
internal sealed record ClassicProgram(string Program, string Strategy, double SchedulesPerSecond, double? MedianSchedulesToBug, SchedulesToBug? SchedulesToBug);

/// <summary>FsCheck cases a second of one era property, over the number of cases a matrix cell checks.</summary>
internal sealed record PropertyThroughput(string Property, string Era, int Cases, double CasesPerSecond);

/// <summary>One bug cell's trace: as found, after delta debugging alone, and after the bounded search for fewer preemptions and delta debugging.</summary>
internal sealed record MinimizeFigure(
    string Cell, string Bug, int FoundSteps, int FoundPreemptions, int ShrunkSteps, int ShrunkPreemptions, int MinimizedSteps, int MinimizedPreemptions,
    bool FewestProved, long SearchSchedules, double ShrinkSeconds, double MinimizeSeconds);
