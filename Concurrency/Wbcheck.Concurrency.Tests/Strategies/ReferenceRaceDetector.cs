using Wbcheck.Concurrency.Runtime;

namespace Wbcheck.Concurrency.Tests.Strategies;

/// <summary>
/// <see cref="RaceDetector"/> as it was before it compared a step only with its candidates
/// (main 4dd072c): each step against every earlier step of the schedule. Kept as the reference
/// the faster detector must agree with (<see cref="RaceDetectorTests"/>).
/// </summary>
internal sealed class ReferenceRaceDetector
{
    private readonly List<Event> events = [];
    private readonly List<List<int>> eventsOf = [];
    private readonly List<int[]> pendingClock = [];
    private readonly List<int> initials = [];

    // Step i's clock and footprint entries are kept in these, reused by every schedule's step i.
    private readonly List<int[]> clockPool = [];
    private int[] previousEnabled = [];
    private int previousEnabledCount;
    private int[] scan = [];

    /// <summary>A step run: its thread, what it touched, the DFS branch at the state before it (or -1), its clock.</summary>
    private readonly record struct Event(int Thread, Footprint Footprint, int Branch, int[] Clock);

    /// <summary>Steps recorded in this schedule.</summary>
    internal int Count => events.Count;

    /// <summary>Forget the last schedule.</summary>
    internal void Clear()
    {
        events.Clear();
        foreach (var list in eventsOf)
        {
            list.Clear();
        }

        foreach (var clock in pendingClock)
        {
            Array.Clear(clock);
        }

        previousEnabledCount = 0;
    }

    /// <summary>
    /// Before a step, with the threads that may run now: a thread runnable now that was not before
    /// the last step was woken or spawned by it, and its next step happens after that one.
    /// </summary>
    internal void BeforeStep(ReadOnlySpan<int> enabled)
    {
        if (events.Count > 0)
        {
            var last = events[^1].Clock;
            foreach (var thread in enabled)
            {
                if (!previousEnabled.AsSpan(0, previousEnabledCount).Contains(thread))
                {
                    EnsureThreads(Math.Max(thread + 1, eventsOf.Count));
                    Join(pendingClock[thread], last);
                }
            }
        }

        if (previousEnabled.Length < enabled.Length)
        {
            previousEnabled = new int[enabled.Length * 2];
        }

        enabled.CopyTo(previousEnabled);
        previousEnabledCount = enabled.Length;
    }

    /// <summary>
    /// Record the step <paramref name="thread"/> just ran (taken at DFS branch <paramref name="branch"/>,
    /// or -1), and when <paramref name="detect"/>, call <paramref name="onRace"/> for each step it
    /// races with: with the race's earlier step's index, to ask for <see cref="InitialsOf"/> there.
    /// </summary>
    internal void StepRan(int thread, in Footprint footprint, int branch, bool detect, Action<int> onRace)
    {
        var index = events.Count;
        var width = Math.Max(eventsOf.Count, thread + 1);
        EnsureThreads(width);
        // What happens before this step through steps later than the one being looked at: its own
        // thread's previous step, its waker, and the dependent steps passed so far (latest first).
        var clock = PooledClock(index, width);
        Join(clock, pendingClock[thread]);
        var own = eventsOf[thread];
        if (own.Count > 0)
        {
            Join(clock, events[own[^1]].Clock);
        }

        for (var i = index - 1; i >= 0; i--)
        {
            var earlier = events[i];
            if (earlier.Thread == thread || Footprint.Independent(earlier.Footprint, footprint))
            {
                continue;
            }

            if (!HappensBefore(i, clock))
            {
                // No step between them orders them: a race. The earlier step is not yet in the clock.
                if (detect)
                {
                    scan = clock;
                    onRace(i);
                }

            }

            Join(clock, earlier.Clock);
        }

        clock[thread] = own.Count + 1;
        own.Add(index);
        events.Add(new Event(thread, footprint.Copy(), branch, clock));
        scan = [];
    }

    /// <summary>The DFS branch at the state before step <paramref name="index"/>, or -1.</summary>
    internal int BranchBefore(int index) => events[index].Branch;

    /// <summary>
    /// <see cref="RaceDetector.PendingRaces"/> as it was first written: every earlier step of
    /// another thread, dependent with <paramref name="footprint"/> and not ordered before
    /// <paramref name="thread"/>'s next step by its last step's clock or its waker's.
    /// </summary>
    internal void PendingRaces(int thread, in Footprint footprint, Action<int> onRace)
    {
        EnsureThreads(Math.Max(thread + 1, eventsOf.Count));
        var own = eventsOf[thread];
        var last = own.Count > 0 ? events[own[^1]].Clock : [];
        var woken = pendingClock[thread];
        for (var i = events.Count - 1; i >= 0; i--)
        {
            var step = events[i];
            if (step.Thread == thread || Footprint.Independent(step.Footprint, footprint))
            {
                continue;
            }

            var local = step.Clock[step.Thread];
            if (!(last.Length > step.Thread && last[step.Thread] >= local) && !(woken.Length > step.Thread && woken[step.Thread] >= local))
            {
                onRace(i);
            }
        }
    }

    /// <summary>
    /// The first step of the run of steps of one thread that step <paramref name="index"/> ends or
    /// is in: where the schedule last switched to that thread (0 when it ran from the start).
    /// </summary>
    internal int RunStart(int index)
    {
        var thread = events[index].Thread;
        var start = index;
        while (start > 0 && events[start - 1].Thread == thread)
        {
            start--;
        }

        return start;
    }

    /// <summary>
    /// The initials of the race being reported between step <paramref name="earlier"/> and the step
    /// being recorded by <paramref name="later"/> (source-DPOR's I[E'](v), v = the steps after the
    /// earlier one that do not happen after it, then the later step): the threads whose first step
    /// in v has no step of v happening before it. Any of them run first at the state before the
    /// earlier step starts a schedule that reverses the race. The list is reused by the next call.
    /// </summary>
    internal List<int> InitialsOf(int earlier, int later)
    {
        initials.Clear();
        var racer = events[earlier];
        var racerLocal = racer.Clock[racer.Thread];
        Span<bool> seen = eventsOf.Count <= 256 ? stackalloc bool[eventsOf.Count] : new bool[eventsOf.Count];
        seen[racer.Thread] = true;
        for (var i = earlier + 1; i < events.Count; i++)
        {
            var step = events[i];
            if (seen[step.Thread])
            {
                continue;
            }

            seen[step.Thread] = true;
            var afterRacer = step.Clock.Length > racer.Thread && step.Clock[racer.Thread] >= racerLocal;
            // A step after the racer makes its thread's later steps follow it too: not in v.
            if (!afterRacer && NothingBetween(step.Clock, step.Thread, step.Clock[step.Thread] - 1, earlier))
            {
                initials.Add(step.Thread);
            }
        }

        // The later step itself, judged by what happens before it other than the racer.
        if (!seen[later] && NothingBetween(scan, later, scan.Length > later ? scan[later] : 0, earlier))
        {
            initials.Add(later);
        }

        return initials;
    }

    /// <summary>
    /// No step after <paramref name="earlier"/> happens before the step whose clock is
    /// <paramref name="clock"/> (of <paramref name="thread"/>, whose own steps count up to
    /// <paramref name="ownCount"/>).
    /// </summary>
    private bool NothingBetween(int[] clock, int thread, int ownCount, int earlier)
    {
        for (var t = 0; t < clock.Length && t < eventsOf.Count; t++)
        {
            var count = t == thread ? ownCount : clock[t];
            if (count > 0 && eventsOf[t][count - 1] > earlier)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A zeroed clock of at least <paramref name="width"/> threads for step <paramref name="index"/> (the extra slots stay 0).</summary>
    private int[] PooledClock(int index, int width)
    {
        if (clockPool.Count <= index)
        {
            clockPool.Add(new int[Math.Max(width, 4)]);
        }

        var clock = clockPool[index];
        if (clock.Length < width)
        {
            clock = clockPool[index] = new int[width * 2];
        }
        else
        {
            Array.Clear(clock);
        }

        return clock;
    }

    private bool HappensBefore(int index, int[] clock)
    {
        var step = events[index];
        return clock.Length > step.Thread && clock[step.Thread] >= step.Clock[step.Thread];
    }

    private void EnsureThreads(int count)
    {
        while (eventsOf.Count < count)
        {
            eventsOf.Add([]);
            pendingClock.Add([]);
        }

        for (var t = 0; t < count; t++)
        {
            if (pendingClock[t].Length < count)
            {
                var grown = new int[count];
                pendingClock[t].CopyTo(grown, 0);
                pendingClock[t] = grown;
            }
        }
    }

    private static void Join(int[] into, int[] other)
    {
        for (var i = 0; i < other.Length && i < into.Length; i++)
        {
            into[i] = Math.Max(into[i], other[i]);
        }
    }
}
