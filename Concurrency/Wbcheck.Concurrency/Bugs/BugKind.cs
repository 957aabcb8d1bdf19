namespace Wbcheck.Concurrency.Bugs;

/// <summary>The kinds of bug the engine reports. Written in traces in kebab case ("model-assertion").</summary>
public enum BugKind : byte
{
    /// <summary>A model assertion failed (<see cref="Wbcheck.Model.Diagnostics.KernelBugException"/>).</summary>
    ModelAssertion,

    /// <summary>A model thread threw any other exception.</summary>
    UnhandledException,

    /// <summary>A safety monitor found its invariant broken after a step.</summary>
    SafetyMonitor,

    /// <summary>Every unfinished thread is asleep.</summary>
    Deadlock,

    /// <summary>A liveness monitor stayed hot for longer than the bound under fair scheduling.</summary>
    Livelock,

    /// <summary>A scheduling point inside a spinlock section.</summary>
    SleepingWhileAtomic,

    /// <summary>A program declared terminating still runs after the maximum number of steps.</summary>
    MaxStepsExceeded,

    /// <summary>Model code escaped the runtime's control (a foreign await, thread, timer or context post).</summary>
    UncontrolledConcurrency,

    /// <summary>
    /// The kernel's own arithmetic, computed as the era computed it, divided by zero (an oops) or
    /// shifted by the width of its type or more (undefined in C, what UBSAN reports)
    /// (<see cref="Wbcheck.Model.Mm.Throttle.KernelArithmeticException"/>): a kernel bug, not a
    /// crash of the model. Last, so that the kinds before keep their numbers.
    /// </summary>
    KernelArithmetic,
}
