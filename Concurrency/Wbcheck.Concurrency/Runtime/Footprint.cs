namespace Wbcheck.Concurrency.Runtime;

/// <summary>
/// What one step touched, for partial-order reduction: the shared objects it read and wrote, as
/// sorted 63-bit object ids with a write bit (<see cref="Wbcheck.Model.Runtime.AccessLog"/>'s
/// encoding, each object once), or <see cref="Global"/> when the step may have touched anything.
/// Two steps are independent when neither is global and neither wrote an object the other read
/// or wrote. Two 64-bit summaries (a bit per object, of every access and of the writes) settle
/// most pairs without looking at the ids; a shared bit only sends the pair to the exact test.
/// A footprint the runtime hands out lives in its buffer until the next step:
/// <see cref="Copy"/> keeps one.
/// </summary>
internal readonly struct Footprint
{
    /// <summary>Logs longer than this are sorted, shorter ones inserted entry by entry (<see cref="Of"/>).</summary>
    private const int InsertionMost = 64;

    private readonly ulong[]? entries;
    private readonly int count;

    private Footprint(ulong[]? entries, int count, ulong touched, ulong written, bool global)
    {
        this.entries = entries;
        this.count = count;
        Touched = touched;
        Written = written;
        Global = global;
    }

    /// <summary>A step that touched nothing shared.</summary>
    public static readonly Footprint None = new(null, 0, 0, 0, false);

    /// <summary>A step that may have touched anything.</summary>
    public static readonly Footprint Everything = new(null, 0, 0, 0, true);

    /// <summary>The step may have touched anything.</summary>
    public bool Global { get; }

    /// <summary>A bit for each object touched.</summary>
    public ulong Touched { get; }

    /// <summary>A bit for each object written.</summary>
    public ulong Written { get; }

    /// <summary>The objects touched, each once: id &lt;&lt; 1 | written.</summary>
    public ReadOnlySpan<ulong> Entries => entries.AsSpan(0, count);

    /// <summary>
    /// The footprint of the accesses in <paramref name="log"/> (id &lt;&lt; 1 | write, in any order,
    /// repeated): sorted and deduplicated, a write winning over a read of the same object.
    /// The result refers to <paramref name="buffer"/>'s array, grown as needed.
    /// </summary>
    public static Footprint Of(Span<ulong> log, ref ulong[] buffer)
    {
        if (log.IsEmpty)
        {
            return None;
        }

        if (buffer.Length < log.Length)
        {
            buffer = new ulong[Math.Max(log.Length, buffer.Length * 2)];
        }

        var count = log.Length > InsertionMost ? SortedByFolding(log, buffer) : SortedByInsertion(log, buffer);
        ulong touched = 0, written = 0;
        for (var i = 0; i < count; i++)
        {
            var bit = BitOf(buffer[i] >> 1);
            touched |= bit;
            written |= (buffer[i] & 1) != 0 ? bit : 0;
        }

        return new Footprint(buffer, count, touched, written, false);
    }

    /// <summary>
    /// Insertion into the sorted, deduplicated buffer, for a short log: a step's log is short (17
    /// entries on average on the kernel, 11 objects) and repeats itself, so this beats sorting the
    /// log and then folding its repeats. The count of objects is returned.
    /// </summary>
    private static int SortedByInsertion(ReadOnlySpan<ulong> log, ulong[] buffer)
    {
        var count = 0;
        var previous = ~0UL;
        foreach (var entry in log)
        {
            // A step often reports the same access several times running (a flag tested twice).
            if (entry == previous)
            {
                continue;
            }

            previous = entry;
            var id = entry >> 1;
            var at = count;
            while (at > 0 && buffer[at - 1] >> 1 > id)
            {
                at--;
            }

            if (at > 0 && buffer[at - 1] >> 1 == id)
            {
                buffer[at - 1] |= entry & 1;
                continue;
            }

            for (var i = count; i > at; i--)
            {
                buffer[i] = buffer[i - 1];
            }

            buffer[at] = entry;
            count++;
        }

        return count;
    }

    /// <summary>A long log: sorted in place, then each object's repeats folded into one entry.</summary>
    private static int SortedByFolding(Span<ulong> log, ulong[] buffer)
    {
        log.Sort();
        var count = 0;
        foreach (var entry in log)
        {
            // Sorted, the read of an object comes just before its write.
            if (count > 0 && buffer[count - 1] >> 1 == entry >> 1)
            {
                buffer[count - 1] |= entry & 1;
            }
            else
            {
                buffer[count++] = entry;
            }
        }

        return count;
    }

    /// <summary>The id of the shared object a program names <paramref name="key"/> (<see cref="Programs.SharedAccess.Touch"/>, a wait queue).</summary>
    public static ulong IdOf(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        // The top of the id space (kind 127), apart from the model's kinds.
        return (hash >> 8) | (0x7FUL << 56);
    }

    /// <summary>A merge of two footprints whose lengths differ this many times or more is a binary search instead.</summary>
    private const int GallopRatio = 8;

    /// <summary>
    /// <see cref="Independent"/>'s exact test, by a binary search of <paramref name="large"/> for
    /// each object of <paramref name="small"/>: no object is in both with a write on either side.
    /// </summary>
    private static bool NoneWrittenIn(ReadOnlySpan<ulong> small, ReadOnlySpan<ulong> large)
    {
        var from = 0;
        foreach (var entry in small)
        {
            var id = entry >> 1;
            int low = from, high = large.Length - 1;
            while (low <= high)
            {
                var middle = (int)((uint)(low + high) >> 1);
                var other = large[middle] >> 1;
                if (other < id)
                {
                    low = middle + 1;
                }
                else if (other > id)
                {
                    high = middle - 1;
                }
                else
                {
                    if (((entry | large[middle]) & 1) != 0)
                    {
                        return false;
                    }

                    low = middle + 1;
                    break;
                }
            }

            // The small side is sorted too: its next object lies past this one.
            from = low;
        }

        return true;
    }

    /// <summary>Running the two steps in either order from the same state has the same effect.</summary>
    public static bool Independent(in Footprint a, in Footprint b)
    {
        if (a.Global || b.Global)
        {
            return false;
        }

        if (((a.Touched & b.Written) | (a.Written & b.Touched)) == 0)
        {
            return true;
        }

        // Both sorted by object: a merge finds the objects in common, or, when one is many times
        // the other (a subtree summary's merged footprint against one step's), a binary search
        // of the larger for each object of the smaller.
        var x = a.Entries;
        var y = b.Entries;
        if (x.Length > GallopRatio * y.Length)
        {
            return NoneWrittenIn(y, x);
        }

        if (y.Length > GallopRatio * x.Length)
        {
            return NoneWrittenIn(x, y);
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            var left = x[i] >> 1;
            var right = y[j] >> 1;
            if (left < right)
            {
                i++;
            }
            else if (left > right)
            {
                j++;
            }
            else if (((x[i] | y[j]) & 1) != 0)
            {
                return false;
            }
            else
            {
                i++;
                j++;
            }
        }

        return true;
    }

    /// <summary>
    /// The objects of both, a write winning, in an array of its own; <paramref name="kept"/> itself
    /// when it holds every object of <paramref name="added"/> (so a step run again with the same
    /// footprint allocates nothing).
    /// </summary>
    public static Footprint Union(in Footprint kept, in Footprint added)
    {
        if (kept.Global || added.Global)
        {
            return Everything;
        }

        var x = kept.Entries;
        var y = added.Entries;
        if ((added.Touched & ~kept.Touched) == 0 && (added.Written & ~kept.Written) == 0 && Covers(x, y))
        {
            return kept;
        }

        var merged = new ulong[x.Length + y.Length];
        return new Footprint(merged, Merge(x, y, merged), kept.Touched | added.Touched, kept.Written | added.Written, false);
    }

    /// <summary>
    /// The objects of both (neither global), a write winning, in <paramref name="buffer"/> (grown
    /// when short): what <see cref="Of"/> gives for the two logs together, by one merge of the
    /// two sorted lists rather than a sort.
    /// </summary>
    public static Footprint UnionInto(in Footprint kept, in Footprint added, ref ulong[] buffer)
    {
        var x = kept.Entries;
        var y = added.Entries;
        if (buffer.Length < x.Length + y.Length)
        {
            buffer = new ulong[(x.Length + y.Length) * 2];
        }

        return new Footprint(buffer, Merge(x, y, buffer), kept.Touched | added.Touched, kept.Written | added.Written, false);
    }

    /// <summary>Sorted <paramref name="x"/> and <paramref name="y"/> merged into <paramref name="merged"/>, each object once, a write winning; the count.</summary>
    private static int Merge(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> merged)
    {
        int i = 0, j = 0, count = 0;
        while (i < x.Length || j < y.Length)
        {
            if (j == y.Length || (i < x.Length && x[i] >> 1 < y[j] >> 1))
            {
                merged[count++] = x[i++];
            }
            else if (i == x.Length || y[j] >> 1 < x[i] >> 1)
            {
                merged[count++] = y[j++];
            }
            else
            {
                merged[count++] = x[i++] | y[j++];
            }
        }

        return count;
    }

    /// <summary>Every object of sorted <paramref name="inner"/> is in sorted <paramref name="outer"/>, written there when written in it.</summary>
    private static bool Covers(ReadOnlySpan<ulong> outer, ReadOnlySpan<ulong> inner)
    {
        var i = 0;
        foreach (var entry in inner)
        {
            while (i < outer.Length && outer[i] >> 1 < entry >> 1)
            {
                i++;
            }

            if (i == outer.Length || outer[i] >> 1 != entry >> 1 || (entry & ~outer[i] & 1) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// This footprint with its entries copied into <paramref name="buffer"/> (grown when short), to
    /// keep past the next step without allocating one array a step.
    /// </summary>
    public Footprint CopyInto(ref ulong[]? buffer)
    {
        if (Global || count == 0)
        {
            return this;
        }

        if (buffer is null || buffer.Length < count)
        {
            buffer = new ulong[Math.Max(count, 8)];
        }

        Entries.CopyTo(buffer);
        return new Footprint(buffer, count, Touched, Written, false);
    }

    /// <summary>A footprint with its own copy of the entries, to keep past the next step.</summary>
    public Footprint Copy() => Global || count == 0 ? this : new Footprint(Entries.ToArray(), count, Touched, Written, false);

    public override string ToString() => Global ? "global" : $"{count} object(s)";

    private static ulong BitOf(ulong id) => 1UL << (int)((id * 0x9E3779B97F4A7C15UL) >> 58);
}
