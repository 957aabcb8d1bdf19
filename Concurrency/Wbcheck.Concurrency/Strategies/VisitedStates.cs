namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// The states stateful DFS has seen, in a fixed memory budget, as SPIN's hash compaction: each
/// state is stored as its 64-bit fingerprint alone (<see cref="Runtime.StateFingerprint"/>), in an
/// open-addressed table sized from the budget. Two different states with the same fingerprint are
/// taken as one, and the second is pruned unexplored: with n states stored that happens with odds
/// of about n^2 / 2^65 (under 1 in 30,000 for 10 million states). When the table is full a new
/// state is not stored, which only loses pruning, never a state. Each entry also keeps what the
/// visit could still explore from there, and a later visit is pruned only if that covered it:
/// no deeper in the run (steps left before fair scheduling), no fewer preemptions left under the
/// bound, and no thread asleep then (partial-order reduction) that is awake now.
/// </summary>
internal sealed class VisitedStates
{
    /// <summary>Bytes each entry takes: fingerprint, depth, preemptions left, sleeping threads.</summary>
    public const int EntryBytes = 8 + 4 + 4 + 8;

    private const int Probes = 32;

    private const int FirstEntries = 1 << 12;

    private readonly int maxEntries;
    private ulong[] keys;
    private int[] depths;
    private int[] preemptionsLeft;
    private ulong[] asleep;
    private int mask;

    public VisitedStates(long budgetBytes)
    {
        maxEntries = 1;
        while ((long)maxEntries * 2 * EntryBytes <= budgetBytes && maxEntries < 1 << 30)
        {
            maxEntries *= 2;
        }

        // The table starts small and doubles while half full, up to the budget: a small search
        // does not pay for a large table.
        Allocate(Math.Min(FirstEntries, maxEntries));
    }

    /// <summary>Entries the table may grow to within its budget.</summary>
    public int Capacity => maxEntries;

    /// <summary>States stored.</summary>
    public long Stored { get; private set; }

    /// <summary>States not stored because their part of the table was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>
    /// Whether a visit to this state already explored all that this one could; if not, this visit
    /// is recorded in its place (it is the one that explores now).
    /// </summary>
    public bool Covered(ulong fingerprint, int depth, int left, ulong sleeping)
    {
        if (Stored * 2 >= keys.Length && keys.Length < maxEntries)
        {
            Grow();
        }

        var key = fingerprint == 0 ? 1 : fingerprint;
        var slot = SlotOf(key);
        for (var probe = 0; probe < Probes; probe++, slot = (slot + 1) & mask)
        {
            if (keys[slot] == 0)
            {
                keys[slot] = key;
                Set(slot, depth, left, sleeping);
                Stored++;
                return false;
            }

            if (keys[slot] == key)
            {
                if (depths[slot] <= depth && preemptionsLeft[slot] >= left && (asleep[slot] & ~sleeping) == 0)
                {
                    return true;
                }

                Set(slot, depth, left, sleeping);
                return false;
            }
        }

        Dropped++;
        return false;
    }

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(keys), nameof(depths), nameof(preemptionsLeft), nameof(asleep))]
    private void Allocate(int entries)
    {
        keys = new ulong[entries];
        depths = new int[entries];
        preemptionsLeft = new int[entries];
        asleep = new ulong[entries];
        mask = entries - 1;
    }

    private int SlotOf(ulong key) => (int)(key ^ (key >> 32)) & mask;

    private void Grow()
    {
        var (oldKeys, oldDepths, oldLeft, oldAsleep) = (keys, depths, preemptionsLeft, asleep);
        Allocate(keys.Length * 2);
        for (var i = 0; i < oldKeys.Length; i++)
        {
            if (oldKeys[i] == 0)
            {
                continue;
            }

            var slot = SlotOf(oldKeys[i]);
            while (keys[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            keys[slot] = oldKeys[i];
            Set(slot, oldDepths[i], oldLeft[i], oldAsleep[i]);
        }
    }

    private void Set(int slot, int depth, int left, ulong sleeping)
    {
        depths[slot] = depth;
        preemptionsLeft[slot] = left;
        asleep[slot] = sleeping;
    }
}
