using Wbcheck.Concurrency.Runtime;

namespace Wbcheck.Concurrency.Programs;

/// <summary>
/// How a program tells the engine what its steps touch, for DFS's partial-order reduction. A
/// program that calls <see cref="ProgramSetup.DeclareFootprints"/> promises to call
/// <see cref="Touch"/> on every access a step makes to state another thread can see (a shared
/// variable, a lock); the runtime adds what it sees itself (the wait queues slept on and woken,
/// spawns, choices). Two steps that touched nothing in common commute, and DFS runs only one of
/// their orders. A forgotten access makes the reduction unsound: it can skip the schedule of a bug
/// (a test shows it). The engine's primitives (<see cref="Primitives.AsyncLock"/>,
/// <see cref="Primitives.SharedVariable{T}"/>, ...), <see cref="Classic.Cell{T}"/> and
/// <see cref="Classic.TestLock"/> report their accesses. Outside the engine (Coyote, the sequential executor) the calls do nothing.
/// </summary>
public static class SharedAccess
{
    /// <summary>The running step accessed the shared object named <paramref name="key"/> (reads count as writes).</summary>
    public static void Touch(string key)
    {
        if (SynchronizationContext.Current is ControlledSynchronizationContext context)
        {
            context.Runtime.Touch(key);
        }
    }

    /// <summary>As <see cref="Touch(string)"/>, with the id <see cref="Footprint.IdOf"/> gave the name once (no hashing per access).</summary>
    internal static void Touch(ulong id)
    {
        if (SynchronizationContext.Current is ControlledSynchronizationContext context)
        {
            context.Runtime.Touch(id);
        }
    }

    /// <summary>
    /// The running step only read the object with this id (or wrote it the value it already had):
    /// it commutes with steps that only read it too. For the engine's primitives, which know.
    /// </summary>
    internal static void Read(ulong id)
    {
        if (SynchronizationContext.Current is ControlledSynchronizationContext context)
        {
            context.Runtime.TouchRead(id);
        }
    }

    /// <summary>The running step accessed shared state it cannot name: it is dependent with every other step.</summary>
    public static void TouchAnything()
    {
        if (SynchronizationContext.Current is ControlledSynchronizationContext context)
        {
            context.Runtime.TouchAnything();
        }
    }
}
