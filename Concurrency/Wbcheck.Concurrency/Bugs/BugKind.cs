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
}
