using Wbcheck.Concurrency.Runtime;

namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// Unions of footprints for <see cref="SubtreeSummary"/>, with the footprints it keeps interned:
/// summaries of sibling states mostly hold the same merged footprints, so each distinct one is
/// stored once. A union that adds nothing returns the footprint it had.
/// </summary>
internal sealed class FootprintUnion
{
    private readonly Dictionary<ulong, List<Footprint>> interned = [];
    private ulong[] buffer = new ulong[64];

    /// <summary>Object entries kept by the interned footprints.</summary>
    public long Entries { get; private set; }

    /// <summary>The objects of both (<paramref name="kept"/> one this class returned), a write winning.</summary>
    public Footprint Of(in Footprint kept, in Footprint added)
    {
        if (kept.Global)
        {
            return kept;
        }

        if (added.Global)
        {
            return Footprint.Everything;
        }

        if (Contains(kept, added))
        {
            return kept;
        }

        // Both sorted: one merge, not a sort of the two together.
        return Intern(Footprint.UnionInto(kept, added, ref buffer));
    }

    /// <summary><paramref name="footprint"/> (maybe a reused buffer) as a footprint that is kept.</summary>
    public Footprint Keep(in Footprint footprint) => footprint.Global || footprint.Entries.IsEmpty ? footprint : Intern(footprint);

    /// <summary>Every object of <paramref name="inner"/> is in <paramref name="outer"/>, written there when written in it.</summary>
    private static bool Contains(in Footprint outer, in Footprint inner)
    {
        if ((inner.Touched & ~outer.Touched) != 0 || (inner.Written & ~outer.Written) != 0)
        {
            return false;
        }

        var x = outer.Entries;
        var y = inner.Entries;
        var i = 0;
        foreach (var entry in y)
        {
            while (i < x.Length && x[i] >> 1 < entry >> 1)
            {
                i++;
            }

            if (i == x.Length || x[i] >> 1 != entry >> 1 || (entry & ~x[i] & 1) != 0)
            {
                return false;
            }
        }

        return true;
    }

    private Footprint Intern(in Footprint footprint)
    {
        var hash = 14695981039346656037UL;
        foreach (var entry in footprint.Entries)
        {
            hash = (hash ^ entry) * 1099511628211UL;
        }

        if (!interned.TryGetValue(hash, out var same))
        {
            interned[hash] = same = [];
        }

        foreach (var candidate in same)
        {
            if (candidate.Entries.SequenceEqual(footprint.Entries))
            {
                return candidate;
            }
        }

        var copy = footprint.Copy();
        same.Add(copy);
        Entries += copy.Entries.Length;
        return copy;
    }
}
