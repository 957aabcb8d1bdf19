namespace Wbcheck.Model;

/// <summary>
/// The only way model, scenario and property code compares eras, and the record of which era
/// boundaries a run consulted. Boundary <c>B</c> is the step from the era before <c>B</c> to
/// <c>B</c>; each comparison sets the bit of every boundary whose side it asks about, in a
/// per-OS-thread mask (a matrix cell, its search and its property cases run on one thread; the
/// engine's parallel workers hand theirs back to the caller). Two eras <c>E1 &lt; E2</c> make every
/// comparison come out the same unless it asks about a boundary in <c>(E1, E2]</c>, so a
/// deterministic run on <c>E1</c> that consulted none of those is, decision for decision, the run on
/// <c>E2</c> (<see cref="Separates"/>): the matrix proves such a cell by the earlier era's proof.
/// The source check (EraComparisonSourceTests) keeps every comparison going through here.
/// </summary>
public static class EraBoundaries
{
    [ThreadStatic]
    private static ulong consulted;

    /// <summary>The boundaries consulted on this thread since the last <see cref="Reset"/>, bit <c>(int)B</c> for boundary <c>B</c>.</summary>
    public static ulong Consulted => consulted;

    /// <summary>Forget the boundaries consulted on this thread, returning them.</summary>
    public static ulong Reset()
    {
        var was = consulted;
        consulted = 0;
        return was;
    }

    /// <summary>Add <paramref name="boundaries"/> to this thread's record (a parallel worker's, say).</summary>
    public static void Add(ulong boundaries) => consulted |= boundaries;

    /// <summary><paramref name="era"/> is <paramref name="boundary"/> or later.</summary>
    public static bool AtLeast(this KernelEra era, KernelEra boundary)
    {
        consulted |= Bit(boundary);
        return era >= boundary;
    }

    /// <summary><paramref name="era"/> is older than <paramref name="boundary"/>.</summary>
    public static bool Before(this KernelEra era, KernelEra boundary)
    {
        consulted |= Bit(boundary);
        return era < boundary;
    }

    /// <summary><paramref name="era"/> is <paramref name="last"/> or older: it asks about the boundary after <paramref name="last"/>.</summary>
    public static bool AtMost(this KernelEra era, KernelEra last)
    {
        consulted |= Bit(last + 1);
        return era <= last;
    }

    /// <summary><paramref name="era"/> is exactly <paramref name="other"/>: it asks about both of <paramref name="other"/>'s boundaries.</summary>
    public static bool Is(this KernelEra era, KernelEra other)
    {
        consulted |= Bit(other) | Bit(other + 1);
        return era == other;
    }

    /// <summary>
    /// A boundary in <c>(<paramref name="earlier"/>, <paramref name="later"/>]</c> is among
    /// <paramref name="consulted"/>: a run on <paramref name="earlier"/> that consulted these may
    /// decide differently on <paramref name="later"/>.
    /// </summary>
    public static bool Separates(ulong consulted, KernelEra earlier, KernelEra later)
    {
        if (earlier >= later)
        {
            throw new ArgumentException($"{earlier} is not earlier than {later}");
        }

        var between = Bit(later + 1) - Bit(earlier + 1);
        return (consulted & between) != 0;
    }

    /// <summary>The boundaries, oldest first, that <paramref name="consulted"/> names ("6.10").</summary>
    public static IEnumerable<KernelEra> Named(ulong consulted) =>
        Enum.GetValues<KernelEra>().Where(boundary => (consulted & Bit(boundary)) != 0);

    /// <summary>The bit of <paramref name="boundary"/>; 0 for the end of history (no era after the newest).</summary>
    private static ulong Bit(KernelEra boundary) => (int)boundary < 64 ? 1UL << (int)boundary : 0;
}
