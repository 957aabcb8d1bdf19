using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Runtime;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Execution;

/// <summary>
/// Runs one iteration of a program under a strategy: the one loop behind testing, replay,
/// minimization and rendering. Each step: collect the enabled threads (none left asleep is a
/// deadlock), ask the strategy, record the decision, run the step, then look for bugs (a foreign
/// await or post, a fault, a failing monitor, a liveness monitor hot for too long). One runner per
/// worker: its buffers are reused by every iteration it runs.
/// </summary>
internal sealed class IterationRunner
{
    private readonly Workspace workspace = new();
    private readonly RandomStrategy fair = new();
    private int lastStepCount;

    /// <summary>Steps between two looks at the clock: a time budget stops a long schedule within them.</summary>
    private const int StepsBetweenClockChecks = 64;

    /// <summary>When the schedule being run must stop (<see cref="RunTimedOutException"/>); none by default.</summary>
    internal Deadline Deadline { get; set; } = Deadline.None;

    /// <summary>The program of the last iteration declared shifted lassos (<see cref="Programs.ProgramSetup.DeclareShiftedLassos"/>).</summary>
    internal bool LastDeclaredShiftedLassos { get; private set; }

    /// <summary>Why the last iteration's fair cycles were not reported as lassos (an abstraction's check refused them).</summary>
    internal IReadOnlyList<string> LassoRefusals => workspace.Lasso.Refusals;

    /// <summary>The decisions of the last iteration run, valid until the next one starts.</summary>
    internal ReadOnlySpan<TraceStep> LastSteps => workspace.Steps.AsSpan(0, lastStepCount);

    /// <summary>
    /// Run one iteration. <paramref name="strategy"/> must have been started for it.
    /// <paramref name="observer"/>, for rendering only, is called after setup and after each step
    /// with the number of decisions so far.
    /// </summary>
    internal RunOutcome Run(
        ITestProgram program,
        ISchedulingStrategy strategy,
        in RunSettings settings,
        ulong iterationSeed,
        Action<ProgramSetup, int>? observer = null)
    {
        var runtime = new ControlledRuntime(workspace, strategy);
        var context = new ControlledSynchronizationContext(runtime, Environment.CurrentManagedThreadId);
        var previousContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            fair.StartIteration(0, Seeds.ForFairPhase(iterationSeed));
            workspace.Accesses.Unreported = settings.UnreportedAccesses;
            runtime.ChoicesGlobal = settings.ChoicesGlobal;
            var setup = new ProgramSetup(runtime);
            program.Setup(setup);
            setup.Seal();
            runtime.StateRoots = [setup];
            observer?.Invoke(setup, runtime.StepCount);
            return Loop(runtime, setup, strategy, settings, observer);
        }
        finally
        {
            lastStepCount = runtime.StepCount;
            LastDeclaredShiftedLassos = runtime.LassoShape is not null;
            SynchronizationContext.SetSynchronizationContext(previousContext);
            context.Close();
            runtime.Close();
        }
    }

    private RunOutcome Loop(
        ControlledRuntime runtime,
        ProgramSetup setup,
        ISchedulingStrategy strategy,
        in RunSettings settings,
        Action<ProgramSetup, int>? observer)
    {
        var safety = setup.SafetyMonitors;
        var liveness = setup.LivenessMonitors;
        var hotSteps = workspace.ClearedHotSteps(liveness.Length);
        var lasso = settings.Lassos && liveness.Length > 0 ? workspace.Lasso : null;
        lasso?.Start();

        // A program that declared shifted lassos is looked at relative to its cursor, and each
        // cycle's steps are checked against what that drops (their footprints).
        var shifted = lasso is not null && runtime.LassoShape is not null && runtime.TracksFootprints;
        runtime.LogsAccesses = shifted;
        if (shifted)
        {
            workspace.ShiftedCycle.Reset();
        }

        var active = strategy;
        var reachedFair = false;
        var previous = -1;
        while (true)
        {
            var enabled = runtime.CollectEnabled(out var unfinished);
            var index = runtime.StepCount;
            if (enabled.IsEmpty)
            {
                var deadlock = unfinished ? DeadlockAnalysis.Report(runtime) : null;
                return new RunOutcome(deadlock, index, reachedFair);
            }

            if (index % StepsBetweenClockChecks == StepsBetweenClockChecks - 1 && Deadline.HasPassed)
            {
                throw new RunTimedOutException(index);
            }

            if (index >= settings.MaxSteps)
            {
                var exceeded = settings.Terminates ? MaxStepsExceeded(runtime, enabled) : null;
                return new RunOutcome(exceeded, index, reachedFair);
            }

            if (index >= settings.FairFrom && !active.IsFair)
            {
                // Past the unfair-step bound: fair random scheduling from here, so that a monitor
                // still hot is a livelock and not a thread starved by the strategy.
                active = fair;
                runtime.Strategy = fair;
                reachedFair = true;
            }

            if (lasso is not null && index >= settings.FairFrom && !lasso.NoteEnabled(index, enabled))
            {
                lasso = null;
            }

            var previousEnabled = previous >= 0 && runtime.IsRunnable(previous);
            var chosen = active.NextThread(new SchedulingStep(index, enabled, previous, previousEnabled, runtime));
            if (chosen == ISchedulingStrategy.Stop)
            {
                return new RunOutcome(null, index, reachedFair);
            }

            if (!enabled.Contains(chosen))
            {
                throw new InvalidOperationException(
                    $"internal error: strategy {active.Name} chose T{chosen} at step {index}, which is not enabled");
            }

            runtime.RecordSchedule(chosen, preempts: previousEnabled && chosen != previous);
            var end = runtime.RunStep(chosen);
            previous = chosen;
            runtime.Abort?.Throw();
            if (active.WantsFootprints)
            {
                active.StepRan(chosen, runtime.LastFootprint);
            }

            if (shifted && lasso is not null && index >= settings.FairFrom)
            {
                workspace.ShiftedCycle.StepRan(index, runtime.LastFootprintChoicesGlobal);
            }
            observer?.Invoke(setup, runtime.StepCount);

            var bug = CheckStep(runtime, chosen, index, end) ?? CheckSafety(runtime, safety, chosen, index, active.Replaying);
            if (bug is null && index >= settings.FairFrom)
            {
                bug = CheckLiveness(runtime, liveness, hotSteps, settings.LivenessBound);
                if (bug is null && lasso is not null)
                {
                    bug = shifted ? CheckShiftedLasso(runtime, lasso, liveness, hotSteps) : CheckLasso(runtime, lasso, liveness, hotSteps);
                }
            }

            if (bug is not null)
            {
                return new RunOutcome(bug, runtime.StepCount, reachedFair);
            }
        }
    }

    private static BugReport? CheckStep(ControlledRuntime runtime, int threadId, int index, StepEnd end)
    {
        var step = runtime.StepCount - 1;
        ref readonly var slot = ref runtime.SlotOf(threadId);
        // Only a bug needs the words for where it happened: not built on the hot path.
        string Where() => $"in step {index} ({runtime.Steps[index].Label})";
        BugReport Violation(string violation) => new()
        {
            Kind = BugKind.UncontrolledConcurrency,
            Message = $"uncontrolled concurrency: {violation}",
            Step = step,
            ThreadId = threadId,
        };
        // A violation on the engine's thread (an await of Task.Yield) is where every replay meets
        // it. Otherwise the escape: what escaped (a Task.Delay's timer, say) may post back from
        // another thread before or after this check, so that violation is a matter of timing and
        // the escape is not; a replay must find the same report.
        if (runtime.ViolationOnEngineThread)
        {
            return Violation(runtime.Violation!);
        }

        if (end == StepEnd.Escaped)
        {
            return new BugReport
            {
                Kind = BugKind.UncontrolledConcurrency,
                Message = $"uncontrolled concurrency: {slot.Thread} awaited something the runtime does not control " +
                          $"{Where()}: Task.Delay, Task.Run, a timer or a foreign task; model code may await only " +
                          "the runtime's Schedule and Sleep",
                Step = step,
                ThreadId = threadId,
            };
        }

        if (runtime.Violation is { } violation)
        {
            return Violation(violation);
        }

        if (runtime.PendingBug is { } pending)
        {
            return pending;
        }

        if (end != StepEnd.Finished)
        {
            return null;
        }

        var task = slot.Task!;
        if (task.IsFaulted || task.IsCanceled)
        {
            var exception = task.IsFaulted ? task.Exception!.InnerExceptions[0] : new TaskCanceledException(task);
            return ThreadFault.Report(slot.Thread, exception, Where(), step);
        }

        if (runtime.OpenAtomicSection is { } lockName)
        {
            return new BugReport
            {
                Kind = BugKind.ModelAssertion,
                Source = lockName,
                Message = $"{slot.Thread} finished inside the spinlock section {lockName} {Where()}: a missing ExitAtomic",
                Step = step,
                ThreadId = threadId,
            };
        }

        return null;
    }

    private static BugReport? CheckSafety(ControlledRuntime runtime, SafetyMonitor[] monitors, int threadId, int index, bool replaying)
    {
        for (var i = 0; i < monitors.Length; i++)
        {
            // A replayed step reaches the state it reached in the last schedule, which checked it.
            if (replaying && monitors[i].OfStateAlone)
            {
                continue;
            }

            string? failure;
            try
            {
                failure = monitors[i].Check();
            }
            catch (Exception e)
            {
                failure = $"{e.GetType().Name}: {e.Message}";
            }

            if (failure is not null)
            {
                var step = runtime.Steps[index];
                return new BugReport
                {
                    Kind = BugKind.SafetyMonitor,
                    Source = monitors[i].Name,
                    Message = $"safety monitor '{monitors[i].Name}' failed after step {index} " +
                              $"({step.ThreadTag}({step.ThreadName}) at {step.Label}): {OneLine(failure)}",
                    Step = runtime.StepCount - 1,
                    ThreadId = threadId,
                };
            }
        }

        return null;
    }

    private static BugReport? CheckLiveness(ControlledRuntime runtime, LivenessMonitor[] monitors, int[] hotSteps, int bound)
    {
        for (var i = 0; i < monitors.Length; i++)
        {
            if (!monitors[i].IsHot())
            {
                hotSteps[i] = 0;
            }
            else if (++hotSteps[i] > bound)
            {
                return LivelockAnalysis.Report(monitors[i].Name, runtime.Steps, hotSteps[i]);
            }
        }

        return null;
    }

    private static BugReport? CheckLasso(ControlledRuntime runtime, Bugs.LassoDetector lasso, LivenessMonitor[] monitors, int[] hotSteps)
    {
        for (var i = 0; i < monitors.Length; i++)
        {
            if (hotSteps[i] > 0)
            {
                return lasso.Reached(runtime.Fingerprint(), runtime.Steps, monitors[i].Name);
            }
        }

        lasso.Reset();
        return null;
    }

    private BugReport? CheckShiftedLasso(ControlledRuntime runtime, LassoDetector lasso, LivenessMonitor[] monitors, int[] hotSteps)
    {
        for (var i = 0; i < monitors.Length; i++)
        {
            if (hotSteps[i] > 0)
            {
                var relative = workspace.Relative;
                var cycle = workspace.ShiftedCycle;
                var fingerprint = relative.Compute(runtime, runtime.StateRoots);
                var shape = runtime.LassoShape!;
                cycle.Reached(runtime.StepCount, relative.Cursor, shape.ProportionsDecide?.Invoke());
                return lasso.Reached(
                    fingerprint,
                    runtime.Steps,
                    monitors[i].Name,
                    (start, now) => cycle.Refuse(start, now, relative.DroppedFrames),
                    (start, now) =>
                    [
                        Pattern(runtime.Steps[start..now]),
                        $"relative to the cursor (the lowest page a thread holds or that is busy): page {cycle.CursorAt(start)} at the cycle's start, " +
                        $"page {cycle.CursorAt(now)} at its end, so each time round every page index moves by {cycle.CursorAt(now) - cycle.CursorAt(start)}; " +
                        "the cycle's steps touch no page below the cursor (checked from their footprints)",
                        .. shape.ProportionsDecide is null ? Array.Empty<string>() :
                        ["the floating proportions are left out of the state: in no state of the cycle could they decide anything (checked in each)"],
                        $"proviso (argued, not checked): {shape.Proviso}",
                    ]);
            }
        }

        lasso.Reset();
        return null;
    }

    private static string Pattern(ReadOnlySpan<TraceStep> cycle)
    {
        var period = Lassos.CyclePattern.Period(cycle);
        return period == cycle.Length
            ? "the cycle repeats no shorter pattern of decisions"
            : $"the cycle is {cycle.Length / period} repetitions of a pattern of {period} decisions (the same threads, their numbers aside, at the same points); " +
              "the state comes back only after all of them (what does not shift, such as a counter, needs the whole cycle)";
    }

    private static BugReport MaxStepsExceeded(ControlledRuntime runtime, ReadOnlySpan<int> enabled)
    {
        var names = new List<string>(enabled.Length);
        foreach (var id in enabled)
        {
            names.Add($"T{id} at {runtime.PointOf(id).Label}");
        }

        return new BugReport
        {
            Kind = BugKind.MaxStepsExceeded,
            Message = $"the program is declared terminating but still runs after {runtime.StepCount} steps " +
                      $"(enabled: {string.Join(", ", names)}): a livelock, or raise the maximum",
            Step = runtime.StepCount - 1,
        };
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
