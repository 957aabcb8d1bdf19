using Wbcheck.Concurrency.Execution;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Strategies;

namespace Wbcheck.Concurrency.Traces;

/// <summary>Replays a trace against its program and says whether the bug came back, exactly.</summary>
internal static class TraceReplayer
{
    public static ReplayResult Replay(ITestProgram program, BugTrace trace, Action<ProgramSetup, int>? observer = null, TimeSpan? timeout = null)
    {
        trace.CheckMatches(program);
        var runner = new IterationRunner { Deadline = Deadline.After(timeout) };
        RunOutcome outcome;
        try
        {
            outcome = runner.Run(
                program,
                new ReplayStrategy(trace.Steps),
                trace.SettingsFor(program),
                Seeds.ForIteration(trace.Seed, trace.Iteration),
                observer);
        }
        catch (TraceDivergedException diverged)
        {
            return new ReplayResult(false, null, diverged.Message);
        }
        catch (RunTimedOutException timedOut)
        {
            return new ReplayResult(false, null, $"the replay was {timedOut.Message} of {trace.Steps.Count}") { TimedOut = true };
        }

        if (outcome.Bug is not { } bug)
        {
            var divergence = outcome.Steps < trace.Steps.Count
                ? $"trace diverged at step {outcome.Steps}: expected {trace.Steps[outcome.Steps]}, but the run ended there " +
                  (outcome.Steps >= trace.MaxSteps ? $"(its maximum of {trace.MaxSteps} steps)" : "(no thread can run)")
                : $"the run followed all {trace.Steps.Count} steps of the trace, but the bug did not happen";
            return new ReplayResult(false, null, divergence);
        }

        return bug.IsIdenticalTo(trace.Bug)
            ? new ReplayResult(true, bug, null)
            : new ReplayResult(
                false,
                bug,
                $"trace diverged at step {bug.Step}: the run found a different bug ({bug}) where the trace records " +
                $"{trace.Bug} at step {trace.Bug.Step}");
    }
}
