using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.Coyote;
using Microsoft.Coyote.Logging;
using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Coyote.Runtime;
using Wbcheck.Coyote.Specifications;
using CoyoteTestingEngine = Microsoft.Coyote.SystematicTesting.TestingEngine;

namespace Wbcheck.Coyote;

/// <summary>
/// Runs a program of ours under Microsoft Coyote's own TestingEngine: <see cref="Run"/> explores
/// schedules with a Coyote strategy, <see cref="Replay"/> follows a Coyote reproducible trace.
/// Either way the report names the bug in our engine's terms and carries the failing iteration's
/// schedule of model threads, which our engine replays and minimizes.
/// </summary>
public static class CoyoteEngine
{
    public static CoyoteReport Run(ITestProgram program, CoyoteSettings settings) =>
        Execute(program, settings, Configure(settings));

    /// <summary>Replay Coyote's <paramref name="reproducibleTrace"/> of <paramref name="program"/>.</summary>
    public static CoyoteReport Replay(ITestProgram program, CoyoteSettings settings, string reproducibleTrace) =>
        Execute(program, settings with { Iterations = 1 }, Configure(settings with { Iterations = 1 }).WithReproducibleTrace(reproducibleTrace));

    private static Configuration Configure(CoyoteSettings settings)
    {
        // Coyote counts its own scheduling points (a step, a task start, a wake-up); ours are
        // bounded by MaxSteps first, Coyote's bound is only a backstop above it.
        var coyoteSteps = (uint)Math.Min(int.MaxValue, (4L * settings.MaxSteps) + 1_000);
        var configuration = Configuration.Create()
            .WithTestingIterations((uint)settings.Iterations)
            .WithRandomGeneratorSeed(settings.Seed)
            .WithMaxSchedulingSteps((uint)Math.Min(settings.MaxUnfairSteps, coyoteSteps), coyoteSteps)
            .WithLivenessTemperatureThreshold((uint)settings.LivenessBound)
            .WithDeadlockTimeout((uint)Math.Max(1, settings.HangTimeout.TotalMilliseconds))
            // Everything Coyote must see is controlled: the model threads' tasks and semaphores.
            .WithPartiallyControlledConcurrencyAllowed(false)
            // Coyote's race checks would add scheduling points inside a model step (our runtime's
            // lists are touched mid-step); a step must stay atomic, as under our engine.
            .WithCollectionAccessRaceCheckingEnabled(false)
            .WithLockAccessRaceCheckingEnabled(false)
            .WithAtomicOperationRaceCheckingEnabled(false)
            .WithVolatileOperationRaceCheckingEnabled(false)
            .WithTelemetryEnabled(false)
            .WithConsoleLoggingEnabled(false)
            .WithVerbosityEnabled(VerbosityLevel.None);
        return settings.Strategy switch
        {
            "random" => configuration.WithRandomStrategy(),
            "pct" => configuration.WithPrioritizationStrategy(false, (uint)settings.PriorityChanges),
            "fair-pct" => configuration.WithPrioritizationStrategy(true, (uint)settings.PriorityChanges),
            _ => throw new ArgumentException($"unknown Coyote strategy '{settings.Strategy}'"),
        };
    }

    private static CoyoteReport Execute(ITestProgram program, CoyoteSettings settings, Configuration configuration)
    {
        CoyoteIteration? last = null;
        Func<Task> test = () =>
        {
            var iteration = new CoyoteIteration(program, settings);
            last = iteration;
            return iteration.RunAsync();
        };
        var clock = Stopwatch.StartNew();
        using var engine = CoyoteTestingEngine.Create(configuration, test);
        engine.SetLogger(new TextWriterLogger(TextWriter.Null, VerbosityLevel.None));
        if (!engine.IsTestRewritten())
        {
            throw new InvalidOperationException(
                "Wbcheck.Coyote.dll is not rewritten by Coyote, so Coyote cannot control the model's threads: " +
                "build it with 'dotnet build' (its build rewrites it), or run 'dotnet tool restore' and " +
                "'DOTNET_ROLL_FORWARD=Major dotnet coyote rewrite Wbcheck.Coyote.dll'");
        }

        // The time bound is ours: Coyote's own (WithTestingTimeout) makes it ignore the iteration count.
        var timedOut = false;
        using (new Timer(_ => { timedOut = true; engine.Stop(); }, null, settings.Timeout, Timeout.InfiniteTimeSpan))
        {
            engine.Run();
        }

        clock.Stop();
        if (last?.Refusal is { } refused)
        {
            ExceptionDispatchInfo.Throw(refused);
        }

        var report = engine.TestReport;
        var text = report.BugReports.FirstOrDefault();
        return new CoyoteReport
        {
            Program = program.Name,
            Settings = settings,
            Iterations = Math.Max(1, report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths),
            Elapsed = clock.Elapsed,
            TimedOut = timedOut && text is null,
            Bug = text is null ? null : Classify(text, last),
            CoyoteText = text,
            ReproducibleTrace = text is null ? null : engine.ReproducibleTrace,
            ModelSteps = text is null || last?.Runtime is null ? [] : [.. last.Runtime.Steps],
        };
    }

    /// <summary>
    /// Coyote's bug report in our terms: a bug our runtime or a specification wrote is read back
    /// exactly; Coyote's own findings are a deadlock (every task blocked), a liveness bug (a hot
    /// specification for too long), or a hang (a step blocked on something Coyote does not control).
    /// </summary>
    internal static BugReport Classify(string text, CoyoteIteration? iteration)
    {
        if (iteration?.Finding is { } finding)
        {
            return finding;
        }

        var runtime = iteration?.Runtime;
        var step = runtime is null ? -1 : runtime.StepCount - 1;
        if (CoyoteBugText.TryRead(text, out var kind, out var source, out var message))
        {
            return new BugReport { Kind = kind, Source = source, Message = message, Step = step };
        }

        if (text.Contains("Deadlock detected", StringComparison.Ordinal) && runtime is not null)
        {
            var sleepers = runtime.Threads.Where(t => t.SleepingOn is not null).ToList();
            return new BugReport
            {
                Kind = BugKind.Deadlock,
                Message = $"deadlock after step {step}: every unfinished thread is asleep ({sleepers.Count} of them), " +
                          "Coyote has no task left to run",
                Step = step,
                Details = [.. sleepers.Select(t => $"{t} sleeps on {t.SleepingOn} at {t.PendingLabel}, " + HeldBy(t.SleepingOn!)), $"Coyote: {text}"],
            };
        }

        var slot = LivenessSlots.InReport(text);
        if (slot >= 0 && iteration?.Setup is { } setup && slot < setup.LivenessMonitors.Length)
        {
            var name = setup.LivenessMonitors[slot].Name;
            return new BugReport
            {
                Kind = BugKind.Livelock,
                Source = name,
                Message = $"liveness monitor '{name}' stayed hot past {iteration.Settings.LivenessBound} steps under Coyote ({text.Trim()})",
                Step = step,
            };
        }

        // Coyote interrupts the hung OS thread as it reports; whether that thread has unwound yet
        // is a matter of timing, so the step is read from what was started, not from what is running.
        if (text.Contains("Potential deadlock or hang", StringComparison.Ordinal) && runtime?.LastStep is { } hung)
        {
            return CoyoteIteration.Hung(hung.Thread, runtime.WhereIs(hung.Step), hung.Step);
        }

        return new BugReport { Kind = BugKind.UnhandledException, Source = "coyote", Message = $"Coyote: {text.Trim()}", Step = step };
    }

    private static string HeldBy(Wbcheck.Model.Runtime.WaitQueue queue) =>
        queue.Holder is { } holder ? $"held by {holder}" : queue.HolderNote is { } note ? $"held by {note}" : "held by no thread";
}
