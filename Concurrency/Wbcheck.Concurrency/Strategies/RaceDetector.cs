using Wbcheck.Concurrency.Runtime;

namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// The steps of the schedule DFS is running, with their happens-before order (vector clocks), and
/// the races among them, for dynamic partial-order reduction (Flanagan and Godefroid, POPL 2005;
/// Abdulla, Aronis, Jonsson and Sagonas, POPL 2014). Step b happens after step a when they are of
/// one thread, when they are dependent (<see cref="Footprint.Independent"/> is false) and a came
/// first, when a woke or spawned b's thread just before b's thread next ran, or through a chain
/// of these. Two steps of different threads race when they are dependent, the first came first,
/// and no third step happens between them: running the second first, from the state before the
/// first, is another class of schedules. Threads only stop being runnable by their own steps
/// (they sleep or finish), so a thread runnable before a step stays runnable until it runs.
/// A step is compared only with the steps no other dependent step follows (<see cref="ObjectAccesses"/>):
/// its cost grows with its footprint, not with the schedule's length.
/// </summary>
/// <param name="keepFootprints">
/// Keep each step's footprint for <see cref="PendingRaces"/> (stateful DPOR's summaries); a copy
/// a step, so only the search that reads them pays for it.
/// </param>
internal sealed class RaceDetector(bool keepFootprints = false)
{
    private readonly List<Event> events = [];
    private readonly List<List<int>> eventsOf = [];
    private readonly List<int[]> pendingClock = [];
    private readonly List<int> initials = [];

    // Step i's clock is kept in this, reused by every schedule's step i (what it touched is in accesses).
    private readonly List<int[]> clockPool = [];

    // Step i's footprint, copied into a buffer reused by every schedule's step i: PendingRaces
    // compares a pruned state's summary with every earlier step, not only ObjectAccesses' candidates.
    private readonly List<Footprint> footprints = [];
    private readonly List<ulong[]?> footprintPool = [];
    private readonly ObjectAccesses accesses = new();
    private int[] candidates = new int[16];
    private int[] previousEnabled = [];
    private int previousEnabledCount;
    private int[] scan = [];

    // For TruncateTo: the threads each step's BeforeStep found woken (step, thread), in order, and
    // the threads enabled before each step (a pool reused by every schedule's step i).
    private readonly List<(int Step, int Thread)> wakes = [];
    private readonly List<int[]> enabledPool = [];
    private readonly List<int> enabledCounts = [];

    /// <summary>A step run: its thread, the DFS branch at the state before it (or -1), its clock.</summary>
    private readonly record struct Event(int Thread, int Branch, int[] Clock);

    /// <summary>Steps recorded in this schedule.</summary>
    internal int Count => events.Count;

    /// <summary>Forget the last schedule.</summary>
    internal void Clear()
    {
        events.Clear();
        footprints.Clear();
        foreach (var list in eventsOf)
        {
            list.Clear();
        }

        foreach (var clock in pendingClock)
        {
            Array.Clear(clock);
        }

        previousEnabledCount = 0;
        wakes.Clear();
        enabledCounts.Clear();
        accesses.Clear();
    }

    /// <summary>
    /// Go back to the state after the first <paramref name="steps"/> steps of this schedule, as if
    /// only they had been recorded (<see cref="Clear"/> for none): the next schedule shares them
    /// with this one (DFS's prefix), so their clocks, footprints and accesses are the same.
    /// </summary>
    internal void TruncateTo(int steps)
    {
        if (steps == 0)
        {
            Clear();
            return;
        }

        if (steps > events.Count)
        {
            throw new InvalidOperationException($"internal error: the race detector holds {events.Count} steps and was asked to keep {steps}");
        }

        events.RemoveRange(steps, events.Count - steps);
        if (keepFootprints)
        {
            footprints.RemoveRange(steps, footprints.Count - steps);
        }

        foreach (var list in eventsOf)
        {
            var keep = list.Count;
            while (keep > 0 && list[keep - 1] >= steps)
            {
                keep--;
            }

            list.RemoveRange(keep, list.Count - keep);
        }

        // Each thread's waker clock is the join of the clocks of the steps that woke it before
        // step `steps` (a clock only grows within a schedule): rebuilt from the wakes kept.
        var wakesKept = wakes.Count;
        while (wakesKept > 0 && wakes[wakesKept - 1].Step >= steps)
        {
            wakesKept--;
        }

        wakes.RemoveRange(wakesKept, wakes.Count - wakesKept);
        foreach (var clock in pendingClock)
        {
            Array.Clear(clock);
        }

        foreach (var (step, thread) in wakes)
        {
            Join(pendingClock[thread], events[step - 1].Clock);
        }

        // The threads enabled before the last step kept, as BeforeStep left them.
        enabledCounts.RemoveRange(steps, enabledCounts.Count - steps);
        previousEnabledCount = enabledCounts[steps - 1];
        enabledPool[steps - 1].AsSpan(0, previousEnabledCount).CopyTo(previousEnabled);
        accesses.TruncateTo(steps);
    }

    /// <summary>
    /// Before a step, with the threads that may run now: a thread runnable now that was not before
    /// the last step was woken or spawned by it, and its next step happens after that one.
    /// </summary>
    internal void BeforeStep(ReadOnlySpan<int> enabled)
    {
        var index = events.Count;
        if (index > 0)
        {
            var last = events[^1].Clock;
            foreach (var thread in enabled)
            {
                if (!previousEnabled.AsSpan(0, previousEnabledCount).Contains(thread))
                {
                    EnsureThreads(Math.Max(thread + 1, eventsOf.Count));
                    Join(pendingClock[thread], last);
                    wakes.Add((index, thread));
                }
            }
        }

        if (previousEnabled.Length < enabled.Length)
        {
            previousEnabled = new int[enabled.Length * 2];
        }

        enabled.CopyTo(previousEnabled);
        previousEnabledCount = enabled.Length;

        // Kept per step for TruncateTo (a step's BeforeStep may be called again only after a Clear or a truncation).
        if (enabledPool.Count <= index)
        {
            enabledPool.Add(new int[Math.Max(enabled.Length, 4)]);
        }

        if (enabledPool[index].Length < enabled.Length)
        {
            enabledPool[index] = new int[enabled.Length * 2];
        }

        enabled.CopyTo(enabledPool[index]);
        enabledCounts.RemoveRange(index, enabledCounts.Count - index);
        enabledCounts.Add(enabled.Length);
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

        // The dependent earlier steps that no later dependent step follows, latest first: every
        // other dependent step happens before one of them (ObjectAccesses), so it is neither a
        // race nor adds to the clock what they do not.
        var count = accesses.Candidates(footprint, eventsOf, ref candidates);
        for (var c = 0; c < count; c++)
        {
            var i = candidates[c];
            var earlier = events[i];
            // Every candidate is dependent with this step (it wrote an object this step touches, read
            // one this step writes, or one of the two is global); its own thread's are ordered already.
            if (earlier.Thread == thread)
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
        events.Add(new Event(thread, branch, clock));
        if (keepFootprints)
        {
            KeepFootprint(index, footprint);
        }

        accesses.Record(index, thread, footprint);
        scan = [];
    }

    /// <summary>
    /// Stateful DPOR: call <paramref name="onRace"/> for each step of another thread dependent
    /// with <paramref name="footprint"/> (a merged footprint of steps <paramref name="thread"/>
    /// would take later, past a state pruned here) and not ordered before that thread's next step
    /// by what is known now. Nothing is joined on the way: the later steps' order is unknown, so
    /// this over-approximates their races (sound: it only adds backtrack points).
    /// </summary>
    internal void PendingRaces(int thread, in Footprint footprint, Action<int> onRace)
    {
        if (!keepFootprints)
        {
            throw new InvalidOperationException("PendingRaces needs a RaceDetector made with keepFootprints: true (stateful DPOR's summaries)");
        }

        EnsureThreads(Math.Max(thread + 1, eventsOf.Count));
        var own = eventsOf[thread];
        var last = own.Count > 0 ? events[own[^1]].Clock : [];
        var woken = pendingClock[thread];
        for (var i = events.Count - 1; i >= 0; i--)
        {
            var step = events[i];
            if (step.Thread == thread || Footprint.Independent(footprints[i], footprint))
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

    /// <summary>The DFS branch at the state before step <paramref name="index"/>, or -1.</summary>
    internal int BranchBefore(int index) => events[index].Branch;

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
    /// The reversal of the race being reported between step <paramref name="earlier"/> and the step
    /// <paramref name="later"/> is recording (footprint <paramref name="laterFootprint"/>), for
    /// optimal DPOR's wakeup trees: the steps after the earlier one that do not happen after it,
    /// then the later step, judged by what happens before it other than the racer (as
    /// <see cref="InitialsOf"/>: the steps of v are all later than the racer, and those that
    /// happen before the later step are in its clock already). Needs the footprints kept
    /// (<c>keepFootprints</c>).
    /// </summary>
    internal void ReversalOf(int earlier, int later, in Footprint laterFootprint, WakeupSequence into)
    {
        if (!keepFootprints)
        {
            throw new InvalidOperationException("ReversalOf needs a RaceDetector made with keepFootprints: true (optimal DPOR)");
        }

        into.Clear();
        var racer = events[earlier];
        var racerLocal = racer.Clock[racer.Thread];
        for (var i = earlier + 1; i < events.Count; i++)
        {
            var step = events[i];
            if (step.Clock.Length > racer.Thread && step.Clock[racer.Thread] >= racerLocal)
            {
                continue;
            }

            into.Add(step.Thread, footprints[i], step.Clock, step.Clock[step.Thread]);
        }

        into.Add(later, laterFootprint, scan, int.MaxValue);
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

    private void KeepFootprint(int index, in Footprint footprint)
    {
        if (footprintPool.Count <= index)
        {
            footprintPool.Add(null);
        }

        var buffer = footprintPool[index];
        footprints.Add(footprint.CopyInto(ref buffer));
        footprintPool[index] = buffer;
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
