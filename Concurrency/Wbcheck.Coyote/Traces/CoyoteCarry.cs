using Wbcheck.Concurrency.Execution;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Coyote.Traces;

/// <summary>
/// Carries a bug Coyote found into our engine. Coyote's reproducible trace names Coyote's
/// operations and scheduling points (a task start, an Interleave, a semaphore wait); what matters to
/// the model is which model thread ran at each of them, and what each controlled random choice
/// returned, which the Coyote runtime records as it goes (<see cref="CoyoteReport.ModelSteps"/>) in
/// our trace's own terms. Our engine follows that schedule step by step, judging it by its own
/// monitors, and must meet the same kind of bug; the result is an ordinary trace of ours, which
/// replays, minimizes and renders as any other.
/// </summary>
public static class CoyoteCarry
{
    /// <summary>
    /// Our engine's trace of the run <paramref name="report"/> found: the same schedule, then, for
    /// a livelock only, round-robin until our liveness bound trips too (<see cref="CarryStrategy"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The report has no bug, or our engine does not meet it on that schedule.</exception>
    public static BugTrace ToBugTrace(ITestProgram program, CoyoteReport report)
    {
        var coyoteBug = report.Bug ?? throw new InvalidOperationException($"Coyote found no bug in '{program.Name}': nothing to carry");
        // Coyote judges liveness from the first step (its temperature), so ours does too.
        var settings = new RunSettings(report.Settings.MaxSteps, 0, report.Settings.LivenessBound, program.Terminates);
        var runner = new IterationRunner();
        RunOutcome outcome;
        try
        {
            outcome = runner.Run(program, new CarryStrategy(report.ModelSteps), settings, report.Settings.Seed);
        }
        catch (TraceDivergedException diverged)
        {
            throw new InvalidOperationException(
                $"the schedule Coyote found in '{program.Name}' does not replay in our engine: {diverged.Message}", diverged);
        }

        if (outcome.Bug is not { } bug || bug.Kind != coyoteBug.Kind || bug.Source != coyoteBug.Source)
        {
            throw new InvalidOperationException(
                $"our engine, following the schedule Coyote found in '{program.Name}', met {outcome.Bug?.ToString() ?? "no bug"} " +
                $"where Coyote reported {coyoteBug}");
        }

        return BugTrace.Record(
            program, $"coyote-{report.Settings.Strategy}", report.Settings.Seed, report.Iterations - 1, settings, bug, runner.LastSteps);
    }
}
