using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Runtime;

/// <summary>
/// The buffers an iteration needs, owned by one worker and reused by each of its iterations, so
/// that a scheduling step allocates nothing: thread slots, the enabled set, the recorded decisions,
/// the open spinlock sections and the liveness counters.
/// </summary>
internal sealed class Workspace
{
    internal ThreadSlot[] Threads = new ThreadSlot[4];

    internal int[] Enabled = new int[4];

    internal TraceStep[] Steps = new TraceStep[64];

    internal int[] HotSteps = new int[2];

    /// <summary>What the running step reports it touches (partial-order reduction); reused by every step.</summary>
    internal readonly Wbcheck.Model.Runtime.AccessLog Accesses = new();

    /// <summary>The last step's footprint, sorted (<see cref="Footprint.Of"/>).</summary>
    internal ulong[] FootprintBuffer = new ulong[64];

    // Made when first used: a stepped runtime (one per property case) never fingerprints and
    // never looks for lassos, and a fingerprint's caches are about 60 KB to allocate and clear.
    private StateFingerprint? fingerprint;
    private Bugs.LassoDetector? lasso;
    private Lassos.RelativeFingerprint? relative;
    private Lassos.ShiftedCycleCheck? shiftedCycle;

    /// <summary>Fingerprints states for stateful search; its buffers are reused.</summary>
    internal StateFingerprint Fingerprint => fingerprint ??= new();

    /// <summary>Finds lasso-shaped livelocks; its buffers are reused.</summary>
    internal Bugs.LassoDetector Lasso => lasso ??= new();

    /// <summary>Fingerprints states relative to their cursor, for programs that declared shifted lassos.</summary>
    internal Lassos.RelativeFingerprint Relative => relative ??= new();

    /// <summary>Checks that a cycle of relative states leaves the dropped pages alone.</summary>
    internal Lassos.ShiftedCycleCheck ShiftedCycle => shiftedCycle ??= new();

    /// <summary>
    /// Open spinlock sections. One stack serves all threads: no step can end inside a section
    /// (a scheduling point there is the bug), so between steps it is always empty.
    /// </summary>
    internal readonly Stack<string> Atomic = new();

    internal void Reset(int threadCount)
    {
        // Drop the previous iteration's tasks and continuations so they can be collected.
        Array.Clear(Threads, 0, threadCount);
        Atomic.Clear();
    }

    internal void EnsureThreadCapacity(int count)
    {
        if (count > Threads.Length)
        {
            Array.Resize(ref Threads, Math.Max(count, Threads.Length * 2));
            Enabled = new int[Threads.Length];
        }
    }

    internal void EnsureStepCapacity(int count)
    {
        if (count > Steps.Length)
        {
            Array.Resize(ref Steps, Math.Max(count, Steps.Length * 2));
        }
    }

    internal int[] ClearedHotSteps(int monitors)
    {
        if (monitors > HotSteps.Length)
        {
            HotSteps = new int[monitors];
        }

        Array.Clear(HotSteps, 0, monitors);
        return HotSteps;
    }
}
