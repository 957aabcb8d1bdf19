namespace Wbcheck.Model.Runtime;

/// <summary>
/// What the running step read and wrote of the model's shared state, for the engine's
/// partial-order reduction: each access is a precomputed 63-bit object id (<see cref="AccessIds"/>)
/// shifted left, with the low bit set for a write. The engine installs one as
/// <see cref="Current"/> for the length of a step when the program declared its footprints; the
/// model's accessors (pages, the page tree, the counters, inodes, locks) report to it, and every
/// other runtime sees no log and pays one thread-static read an access. A step whose log
/// overflows counts as touching everything.
/// </summary>
public sealed class AccessLog
{
    /// <summary>Accesses past this many make the step global: a footprint that big reduces nothing anyway.</summary>
    public const int Capacity = 1 << 14;

    [ThreadStatic]
    private static AccessLog? current;

    private ulong[] entries = new ulong[256];

    /// <summary>The log of the step running on this OS thread, or null when nobody is listening.</summary>
    public static AccessLog? Current
    {
        get => current;
        set => current = value;
    }

    /// <summary>Accesses recorded since the last <see cref="Clear"/>, possibly repeated.</summary>
    public int Count { get; private set; }

    /// <summary>More than <see cref="Capacity"/> accesses were reported: the step may have touched anything.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>The recorded entries (id &lt;&lt; 1 | write), in the order reported.</summary>
    public Span<ulong> Entries => entries.AsSpan(0, Count);

    /// <summary>The running step read the object <paramref name="id"/>.</summary>
    public static void Read(ulong id) => current?.Add(id << 1);

    /// <summary>The running step wrote the object <paramref name="id"/>.</summary>
    public static void Write(ulong id) => current?.Add((id << 1) | 1);

    public void Clear()
    {
        Count = 0;
        Overflowed = false;
    }

    /// <summary>
    /// For the engine's tests only: entries that, masked by <c>Mask</c>, equal <c>Value</c> are
    /// dropped, as if the model had not reported them (a zero mask drops nothing). A test shows
    /// with it that a missed access makes the reduction miss a bug.
    /// </summary>
    public (ulong Mask, ulong Value) Unreported { get; set; }

    /// <summary>Add an encoded entry (id &lt;&lt; 1 | write).</summary>
    public void Add(ulong entry)
    {
        if (Unreported.Mask != 0 && (entry & Unreported.Mask) == Unreported.Value)
        {
            return;
        }

        if (Count == entries.Length)
        {
            if (Count >= Capacity)
            {
                Overflowed = true;
                return;
            }

            Array.Resize(ref entries, entries.Length * 2);
        }

        entries[Count++] = entry;
    }
}
