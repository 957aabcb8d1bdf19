using CoyoteMonitor = Microsoft.Coyote.Specifications.Monitor;

namespace Wbcheck.Coyote.Specifications;

/// <summary>
/// One of the program's liveness monitors ("fsync returns") as a Coyote liveness specification:
/// hot while something is owed, cold once it is delivered. Told after every step; every step spent
/// hot raises Coyote's temperature, and past the liveness bound Coyote reports a liveness bug, as
/// our engine reports a livelock. Coyote knows a specification by its type, so each monitor of a
/// program has a slot type of its own (<see cref="LivenessSlots"/>).
/// </summary>
internal abstract class LivenessSpecification : CoyoteMonitor
{
    [Start]
    [Cold]
    [OnEventGotoState(typeof(Owed), typeof(Hot))]
    [OnEventGotoState(typeof(Delivered), typeof(Cold))]
    [OnEventGotoState(typeof(Stopped), typeof(Cut))]
    private sealed class Cold : State
    {
    }

    [Hot]
    [OnEventGotoState(typeof(Owed), typeof(Hot))]
    [OnEventGotoState(typeof(Delivered), typeof(Cold))]
    [OnEventGotoState(typeof(Stopped), typeof(Cut))]
    private sealed class Hot : State
    {
    }

    /// <summary>
    /// A program that never ends by itself (a writer that runs forever) was stopped at the step
    /// bound: neither hot nor cold, so Coyote judges the run by the hot streaks it saw, not by where
    /// it was cut, as our engine does.
    /// </summary>
    [IgnoreEvents(typeof(Owed), typeof(Delivered), typeof(Stopped))]
    private sealed class Cut : State
    {
    }

    /// <summary>The monitor is hot after this step.</summary>
    internal sealed class Owed : Event
    {
        public static Owed Instance { get; } = new();
    }

    /// <summary>The monitor is cold after this step.</summary>
    internal sealed class Delivered : Event
    {
        public static Delivered Instance { get; } = new();
    }

    /// <summary>The iteration stopped at its step bound.</summary>
    internal sealed class Stopped : Event
    {
        public static Stopped Instance { get; } = new();
    }
}
