using Microsoft.Coyote.Random;
using Microsoft.Coyote.Runtime;
using Microsoft.Coyote.Specifications;
using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Coyote.Specifications;
using Wbcheck.Model;

namespace Wbcheck.Coyote.Runtime;

/// <summary>
/// One Coyote test iteration of a program: builds the program on a fresh
/// <see cref="CoyoteKernelRuntime"/>, registers its monitors as Coyote specifications, starts each
/// model thread as a Coyote-controlled task and waits for them all. This assembly is rewritten by
/// Coyote at build time, so the tasks, the semaphores the threads sleep on and the awaits here are
/// Coyote's controlled ones.
/// </summary>
internal sealed class CoyoteIteration
{
    private readonly ITestProgram program;
    private readonly CoyoteSettings settings;
    private readonly List<Task> tasks = [];
    private ProgramSetup? setup;
    private int stepIndex;
    private volatile bool stopped;

    internal CoyoteIteration(ITestProgram program, CoyoteSettings settings)
    {
        this.program = program;
        this.settings = settings;
    }

    internal CoyoteSettings Settings => settings;

    /// <summary>The runtime of this iteration, once it has started.</summary>
    internal CoyoteKernelRuntime? Runtime { get; private set; }

    /// <summary>The program's monitors and state describer, once set up.</summary>
    internal ProgramSetup? Setup => setup;

    /// <summary>The bug our runtime or a specification reported, in our engine's words; null for one Coyote found itself.</summary>
    internal BugReport? Finding { get; private set; }

    /// <summary>
    /// A setting the era's kernel lacked, asked for by a model thread: not a bug (Coyote reports
    /// the throw as one; <see cref="CoyoteEngine"/> throws this on to the caller instead).
    /// </summary>
    internal KernelConfigException? Refusal { get; private set; }

    /// <summary>The iteration stopped at its step bound (a program that does not end by itself).</summary>
    internal bool StoppedAtBound => stopped;

    internal async Task RunAsync()
    {
        var runtime = new CoyoteKernelRuntime(Generator.Create());
        Runtime = runtime;
        setup = new ProgramSetup(runtime);
        program.Setup(setup);
        setup.Seal();
        if (setup.LivenessMonitors.Length > LivenessSlots.Count)
        {
            throw new InvalidOperationException(
                $"'{program.Name}' has {setup.LivenessMonitors.Length} liveness monitors; under Coyote a program may have at most {LivenessSlots.Count}");
        }

        Specification.RegisterMonitor<SafetySpecification>();
        for (var i = 0; i < setup.LivenessMonitors.Length; i++)
        {
            LivenessSlots.Register(i);
        }

        HandOver(runtime);
        // The list grows as threads spawn threads: wait for every one, in order.
        for (var i = 0; i < tasks.Count; i++)
        {
            await tasks[i];
        }

        runtime.Close();
    }

    /// <summary>Check the program's safety monitors after a step: null while they hold. Called by <see cref="SafetySpecification"/>.</summary>
    internal BugReport? CheckSafety()
    {
        var runtime = Runtime!;
        foreach (var monitor in setup!.SafetyMonitors)
        {
            string? failure;
            try
            {
                failure = monitor.Check();
            }
            catch (Exception e)
            {
                failure = $"{e.GetType().Name}: {e.Message}";
            }

            if (failure is not null)
            {
                var step = runtime.Steps[stepIndex];
                return Finding ??= new BugReport
                {
                    Kind = BugKind.SafetyMonitor,
                    Source = monitor.Name,
                    Message = $"safety monitor '{monitor.Name}' failed after step {stepIndex} " +
                              $"({step.ThreadTag}({step.ThreadName}) at {step.Label}): {failure.ReplaceLineEndings(" ")}",
                    Step = runtime.StepCount - 1,
                    ThreadId = step.ThreadId,
                };
            }
        }

        return null;
    }

    private async Task RunThreadAsync(CoyoteThread thread)
    {
        var runtime = Runtime!;
        var outcome = StepOutcome.Runnable;
        for (var first = true; ; first = false)
        {
            if (!first)
            {
                // Between two steps: Coyote decides who goes on. A sleeper waits until woken.
                if (outcome == StepOutcome.Sleeping)
                {
                    await thread.Wake.WaitAsync();
                }
                else
                {
                    SchedulingPoint.Interleave();
                }
            }

            if (stopped)
            {
                return;
            }

            if (runtime.StepCount >= settings.MaxSteps)
            {
                AtStepBound(runtime);
                return;
            }

            stepIndex = runtime.StepCount;
            outcome = runtime.RunStep(thread);
            AfterStep(runtime, thread, outcome);
            if (outcome == StepOutcome.Done)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The checks our engine makes after a step, in its order: the step itself (an escape, a fault,
    /// sleeping while atomic), then the safety specification, then the liveness ones; then the
    /// threads the step spawned or woke are handed to Coyote.
    /// </summary>
    private void AfterStep(CoyoteKernelRuntime runtime, CoyoteThread thread, StepOutcome outcome)
    {
        if (CheckStep(runtime, thread, outcome) is { } bug)
        {
            Fail(bug);
        }

        Specification.Monitor<SafetySpecification>(new StepEnded(this));
        var liveness = setup!.LivenessMonitors;
        for (var i = 0; i < liveness.Length; i++)
        {
            LivenessSlots.Tell(i, liveness[i].IsHot() ? LivenessSpecification.Owed.Instance : LivenessSpecification.Delivered.Instance);
        }

        HandOver(runtime);
    }

    private BugReport? CheckStep(CoyoteKernelRuntime runtime, CoyoteThread thread, StepOutcome outcome)
    {
        var step = runtime.StepCount - 1;
        if (runtime.PendingBug is { } pending)
        {
            return pending;
        }

        if (outcome != StepOutcome.Done)
        {
            return null;
        }

        var where = runtime.WhereIs(stepIndex);
        if (thread.Task is not { IsCompleted: true } task)
        {
            return new BugReport
            {
                Kind = BugKind.UncontrolledConcurrency,
                Message = $"uncontrolled concurrency: {thread} awaited something Coyote does not control {where}: " +
                          "Task.Delay, Task.Run, a timer or a foreign task; model code may await only the runtime's Schedule and Sleep",
                Step = step,
                ThreadId = thread.Thread.Id,
            };
        }

        if (task.IsFaulted || task.IsCanceled)
        {
            var exception = task.IsFaulted ? task.Exception!.InnerExceptions[0] : new TaskCanceledException(task);
            Refusal ??= exception as KernelConfigException;
            return exception is ThreadInterruptedException
                ? Hung(thread, where, step)
                : ThreadFault.Report(thread.Thread, exception, where, step);
        }

        return runtime.OpenAtomicSection is { } lockName
            ? new BugReport
            {
                Kind = BugKind.ModelAssertion,
                Source = lockName,
                Message = $"{thread} finished inside the spinlock section {lockName} {where}: a missing ExitAtomic",
                Step = step,
                ThreadId = thread.Thread.Id,
            }
            : null;
    }

    /// <summary>
    /// Coyote interrupts an OS thread that stays blocked past its hang timeout without reaching a
    /// scheduling point: model code waited on a lock, an event or a sleep Coyote does not control.
    /// </summary>
    internal static BugReport Hung(CoyoteThread thread, string where, int step) => new()
    {
        Kind = BugKind.UncontrolledConcurrency,
        Message = $"uncontrolled concurrency: {thread} blocked {where} on something Coyote does not control " +
                  "(a lock, an event or a sleep of the OS thread); model code may block only through the runtime's Sleep",
        Step = step,
        ThreadId = thread.Thread.Id,
    };

    /// <summary>
    /// The step bound: a bug for a program that declares it terminates (as our engine reports it);
    /// otherwise the iteration ends here, every thread stops at its next turn, and the liveness
    /// specifications are told, so that being cut while hot is not taken for a liveness bug.
    /// </summary>
    private void AtStepBound(CoyoteKernelRuntime runtime)
    {
        if (program.Terminates)
        {
            var waiting = runtime.Threads.Where(t => !t.Finished).Select(t => $"T{t.Thread.Id} at {t.PendingLabel}");
            Fail(new BugReport
            {
                Kind = BugKind.MaxStepsExceeded,
                Message = $"the program is declared terminating but still runs after {runtime.StepCount} steps " +
                          $"(unfinished: {string.Join(", ", waiting)}): a livelock, or raise the maximum",
                Step = runtime.StepCount - 1,
            });
        }

        stopped = true;
        for (var i = 0; i < setup!.LivenessMonitors.Length; i++)
        {
            LivenessSlots.Tell(i, LivenessSpecification.Stopped.Instance);
        }

        foreach (var sleeper in runtime.Threads.Where(t => t.SleepingOn is not null))
        {
            sleeper.Wake.Release();
        }
    }

    private void HandOver(CoyoteKernelRuntime runtime)
    {
        foreach (var woken in runtime.TakeWoken())
        {
            woken.Wake.Release();
        }

        foreach (var started in runtime.TakeStarted())
        {
            tasks.Add(Task.Run(() => RunThreadAsync(started)));
        }
    }

    private void Fail(BugReport bug)
    {
        Finding ??= bug;
        Specification.Assert(false, "{0}", CoyoteBugText.Of(bug));
    }
}
