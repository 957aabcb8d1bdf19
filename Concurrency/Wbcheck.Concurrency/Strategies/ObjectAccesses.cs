using Wbcheck.Concurrency.Runtime;

namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// For <see cref="RaceDetector"/>: per shared object, the last step that wrote it and each
/// thread's last step that read it, and the last global step (<see cref="Footprint.Global"/>), so
/// that a new step is compared only with the earlier steps that may race with it, not with the
/// whole schedule. Every other earlier step dependent with the new one happens before one of
/// those (recorded in its clock), so it is no race and adds nothing to the new step's clock:
/// an earlier write of an object happens before its last write (two writes are dependent); a
/// read before the last write, before that write; a thread's earlier read, before its last one
/// (one thread); any step before the last global step, before that step (global is dependent
/// with everything); and when the new step is global, each thread's earlier steps before its
/// last one. The candidates are then: the last global step; for each object the new step
/// touches, the object's last write after it; and for each object it writes, the reads after
/// that write; or, for a global step, each thread's last step.
/// </summary>
internal sealed class ObjectAccesses
{
    // An open-addressed table from object id to slot, cleared by a new generation rather than
    // by zeroing it: a schedule touches a few dozen objects, and a step a dozen.
    private ulong[] keys = new ulong[256];
    private int[] generations = new int[256];
    private int[] slotOf = new int[256];
    private int generation = 1;
    private int used;

    private readonly List<int[]> lastReads = [];
    private int[] lastWrite = new int[64];
    private int[] found = new int[16];
    private int lastGlobal = -1;

    // What Record overwrote, latest last, so that the table can be cut back to the state after a
    // number of steps (TruncateTo): each entry is (slot, thread or -1 for the last write, -2 for
    // the last global step) and the value it held; marks[i] is the trail's length before step i.
    private (int Slot, int Thread, int Old)[] trail = new (int, int, int)[256];
    private int trailCount;
    private int[] marks = new int[64];

    /// <summary>Forget the last schedule.</summary>
    internal void Clear()
    {
        if (generation == int.MaxValue)
        {
            Array.Clear(generations);
            generation = 0;
        }

        generation++;
        used = 0;
        lastGlobal = -1;
        trailCount = 0;
    }

    /// <summary>
    /// Go back to the state after the first <paramref name="steps"/> steps recorded (Record was
    /// called for steps 0, 1, ... in order): what later steps recorded is undone. Objects first met
    /// by those later steps keep their slots, never written and never read: a candidate search
    /// treats them as it treats objects not met.
    /// </summary>
    internal void TruncateTo(int steps)
    {
        if (steps == 0)
        {
            Clear();
            return;
        }

        var mark = marks[steps];
        for (var i = trailCount - 1; i >= mark; i--)
        {
            var (slot, thread, old) = trail[i];
            if (thread == -2)
            {
                lastGlobal = old;
            }
            else if (thread == -1)
            {
                lastWrite[slot] = old;
            }
            else
            {
                lastReads[slot][thread] = old;
            }
        }

        trailCount = mark;
    }

    /// <summary>
    /// The earlier steps a step with <paramref name="footprint"/> may race with, into
    /// <paramref name="into"/> (grown as needed), latest first, each once; their count.
    /// <paramref name="eventsOf"/> gives each thread's steps.
    /// </summary>
    internal int Candidates(in Footprint footprint, List<List<int>> eventsOf, ref int[] into)
    {
        var count = 0;
        if (footprint.Global)
        {
            foreach (var steps in eventsOf)
            {
                if (steps.Count > 0)
                {
                    Add(ref into, ref count, steps[^1]);
                }
            }
        }
        else
        {
            if (lastGlobal >= 0)
            {
                Add(ref into, ref count, lastGlobal);
            }

            var entries = footprint.Entries;
            if (found.Length < entries.Length)
            {
                found = new int[entries.Length * 2];
            }

            for (var e = 0; e < entries.Length; e++)
            {
                var entry = entries[e];
                var slot = found[e] = SlotOf(entry >> 1, add: false);
                if (slot < 0)
                {
                    continue;
                }

                var write = lastWrite[slot];
                if (write > lastGlobal)
                {
                    Add(ref into, ref count, write);
                }

                if ((entry & 1) == 0)
                {
                    continue;
                }

                var since = Math.Max(write, lastGlobal);
                foreach (var read in lastReads[slot])
                {
                    if (read > since)
                    {
                        Add(ref into, ref count, read);
                    }
                }
            }
        }

        return count;
    }

    /// <summary>
    /// Step <paramref name="index"/> of <paramref name="thread"/> ran with <paramref name="footprint"/>,
    /// whose candidates <see cref="Candidates"/> gave just before (it found the objects' slots).
    /// </summary>
    internal void Record(int index, int thread, in Footprint footprint)
    {
        if (marks.Length <= index + 1)
        {
            Array.Resize(ref marks, Math.Max(index + 2, marks.Length * 2));
        }

        marks[index] = trailCount;
        if (footprint.Global)
        {
            Keep(-1, -2, lastGlobal);
            lastGlobal = index;
            marks[index + 1] = trailCount;
            return;
        }

        // Candidates found the slots of this footprint's objects just before.
        var entries = footprint.Entries;
        for (var e = 0; e < entries.Length; e++)
        {
            var entry = entries[e];
            var slot = found[e] >= 0 ? found[e] : SlotOf(entry >> 1, add: true);

            if ((entry & 1) != 0)
            {
                Keep(slot, -1, lastWrite[slot]);
                lastWrite[slot] = index;
                continue;
            }

            var reads = lastReads[slot];
            if (reads.Length <= thread)
            {
                var grown = new int[Math.Max(thread + 1, reads.Length * 2)];
                grown.AsSpan().Fill(-1);
                reads.CopyTo(grown, 0);
                lastReads[slot] = reads = grown;
            }

            Keep(slot, thread, reads[thread]);
            reads[thread] = index;
        }

        marks[index + 1] = trailCount;
    }

    private void Keep(int slot, int thread, int old)
    {
        if (trailCount == trail.Length)
        {
            Array.Resize(ref trail, trail.Length * 2);
        }

        trail[trailCount++] = (slot, thread, old);
    }

    /// <summary>The slot of object <paramref name="id"/>, or -1 if it has none and not <paramref name="add"/>.</summary>
    private int SlotOf(ulong id, bool add)
    {
        var mask = keys.Length - 1;
        var at = (int)((id * 0x9E3779B97F4A7C15UL) >> 40) & mask;
        while (generations[at] == generation)
        {
            if (keys[at] == id)
            {
                return slotOf[at];
            }

            at = (at + 1) & mask;
        }

        if (!add)
        {
            return -1;
        }

        if ((used + 1) * 2 > keys.Length)
        {
            Grow();
            return SlotOf(id, add);
        }

        keys[at] = id;
        generations[at] = generation;
        return slotOf[at] = NewSlot();
    }

    private void Grow()
    {
        var (oldKeys, oldGenerations, oldSlots) = (keys, generations, slotOf);
        keys = new ulong[oldKeys.Length * 2];
        generations = new int[oldKeys.Length * 2];
        slotOf = new int[oldKeys.Length * 2];
        var mask = keys.Length - 1;
        for (var i = 0; i < oldKeys.Length; i++)
        {
            if (oldGenerations[i] != generation)
            {
                continue;
            }

            var at = (int)((oldKeys[i] * 0x9E3779B97F4A7C15UL) >> 40) & mask;
            while (generations[at] == generation)
            {
                at = (at + 1) & mask;
            }

            keys[at] = oldKeys[i];
            generations[at] = generation;
            slotOf[at] = oldSlots[i];
        }
    }

    /// <summary>A slot for an object first met in this schedule: never written, never read (slots are reused from schedule to schedule).</summary>
    private int NewSlot()
    {
        var slot = used++;
        if (slot == lastReads.Count)
        {
            lastReads.Add(new int[4]);
        }

        if (slot == lastWrite.Length)
        {
            Array.Resize(ref lastWrite, lastWrite.Length * 2);
        }

        lastWrite[slot] = -1;
        lastReads[slot].AsSpan().Fill(-1);
        return slot;
    }

    /// <summary>Insert <paramref name="step"/> into the candidates, kept latest first and each once (there are a few).</summary>
    private static void Add(ref int[] into, ref int count, int step)
    {
        var at = count;
        while (at > 0 && into[at - 1] < step)
        {
            at--;
        }

        if (at > 0 && into[at - 1] == step)
        {
            return;
        }

        if (count == into.Length)
        {
            Array.Resize(ref into, into.Length * 2);
        }

        Array.Copy(into, at, into, at + 1, count - at);
        into[at] = step;
        count++;
    }
}
