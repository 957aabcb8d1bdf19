using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Coyote;

/// <summary>What a Coyote run of a program did.</summary>
public sealed class CoyoteReport
{
    public required string Program { get; init; }

    public required CoyoteSettings Settings { get; init; }

    /// <summary>Iterations Coyote ran, the one that found the bug included.</summary>
    public required int Iterations { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>The run stopped at its time bound (<see cref="CoyoteSettings.Timeout"/>) before its iterations were done.</summary>
    public bool TimedOut { get; init; }

    /// <summary>The first bug, in our engine's terms (kind, source, message); null when none was found.</summary>
    public BugReport? Bug { get; init; }

    /// <summary>Coyote's own words for the bug, as its report has them.</summary>
    public string? CoyoteText { get; init; }

    /// <summary>Coyote's reproducible trace of the bug, unchanged (Coyote's replay reads it).</summary>
    public string? ReproducibleTrace { get; init; }

    /// <summary>
    /// The failing iteration as our engine records a run: the model thread of each step, in order,
    /// and each controlled random choice. Our engine replays it (see CoyoteCarry).
    /// </summary>
    public IReadOnlyList<TraceStep> ModelSteps { get; init; } = [];

    public double SchedulesPerSecond => Elapsed.TotalSeconds > 0 ? Iterations / Elapsed.TotalSeconds : 0;

    public override string ToString() =>
        Bug is null ? $"{Program}: no bug in {Iterations} Coyote iterations" : $"{Program}: {Bug} (Coyote iteration {Iterations})";
}
