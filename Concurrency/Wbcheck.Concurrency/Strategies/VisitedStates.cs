namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// The states stateful DFS has seen, in a fixed memory budget, as SPIN's hash compaction: each
/// state is stored as its 64-bit fingerprint alone (<see cref="Runtime.StateFingerprint"/>), in an
/// open-addressed table sized from the budget. Two different states with the same fingerprint are
/// taken as one, and the second is pruned unexplored: with n states stored that happens with odds
/// of about n^2 / 2^65 (under 1 in 30,000 for 10 million states). A state whose run of full slots
/// is longer than a lookup reaches makes the table grow, while the budget allows; only at the
/// budget's size is a new state not stored, which loses pruning, never a state.
/// <para>
/// Each entry keeps what the visits to its state explored, in two forms, and a later visit is
/// pruned when either covers it (<see cref="Visit"/>):
/// </para>
/// <list type="bullet">
/// <item><b>Complete</b>: visits whose whole subtree was explored with nothing cut (no preemption
/// refused by the bound, no schedule run past DFS's part or stopped at a bug, nothing pruned
/// at a visit that was itself cut or still open). Such a visit explored every continuation
/// of the state except those that start with a thread asleep on arrival; that does not depend
/// on the depth, the preemptions left or who ran last, so it covers any later visit whose sleep
/// set contains the stored one. Two complete visits together cover all but the intersection of
/// their sleep sets, which is what is stored. This is Godefroid's rule for sleep sets with state
/// caching (thesis, LNCS 1032, 1996, ch. 6: a state is explored again only when a transition
/// asleep at the stored visit is awake now, and the stored sleep set becomes the intersection).
/// </item>
/// <item><b>Cut</b> (or still open): the last visit whose subtree was cut, or that is still
/// being explored (the state is on the DFS path: reaching it again is a cycle). It covers a
/// later visit with a sleep set containing its own that can run no schedule it could not
/// (<see cref="CutVisitRule.Finer"/>): no more preemptions left, or one fewer when another
/// thread ran last (who ran last decides only whether the first switch is a preemption; -1,
/// none that can go on, makes no switch one); and no shallower (steps left before fair
/// scheduling), unless no schedule below it reached the end of DFS's part, when the depth
/// limited nothing (<see cref="Finish"/>'s <c>depthFree</c>). Whatever the later visit will run
/// is a part of what the stored one ran or runs.</item>
/// </list>
/// </summary>
internal sealed class VisitedStates
{
    /// <summary>Bytes each entry takes: fingerprint, complete sleep set, cut sleep set, depth, preemptions left, last thread, open branch.</summary>
    public const int EntryBytes = 8 + 8 + 8 + 4 + 4 + 4 + 4;

    /// <summary>No complete visit yet (a real sleep set never holds all 64 threads: a branch has two awake).</summary>
    private const ulong NoCompleteVisit = ulong.MaxValue;

    private const int Probes = 32;

    /// <summary>The depth of a cut visit below which no schedule reached DFS's step limit: it covers every depth.</summary>
    private const int AnyDepth = int.MinValue;

    private const int FirstEntries = 1 << 12;

    private readonly int maxEntries;
    private ulong[] keys;
    private ulong[] completeAsleep;
    private ulong[] cutAsleep;
    private int[] depths;
    private int[] preemptionsLeft;
    private int[] lastThreads;
    private int[] openBranches;
    private int mask;

    private readonly CutVisitRule cutRule;

    public VisitedStates(long budgetBytes, CutVisitRule cutRule = CutVisitRule.Finer)
    {
        this.cutRule = cutRule;
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
    /// After <see cref="Visit"/> answered <see cref="Coverage.Cut"/> or <see cref="Coverage.Open"/>:
    /// whether the covering visit's depth limited nothing (no schedule below it reached the end of
    /// DFS's part), so the pruned one is not limited by its depth either.
    /// </summary>
    public bool CoveredAtAnyDepth { get; private set; }

    /// <summary>
    /// Whether the visits to this state already explored all that this one could (and how: see
    /// <see cref="Coverage"/>); if not, this visit is recorded as open at <paramref name="branch"/>
    /// (it is the one that explores now) and must be closed by <see cref="Finish"/>.
    /// <paramref name="openBranch"/> is the branch of the open visit that covers this one.
    /// </summary>
    public Coverage Visit(ulong fingerprint, in VisitClaim claim, int branch, out int openBranch)
    {
        openBranch = -1;
        if (Stored * 2 >= keys.Length && keys.Length < maxEntries)
        {
            Grow();
        }

        var slot = Find(fingerprint, out var found);
        while (slot < 0 && keys.Length < maxEntries)
        {
            // A run of full slots longer than a lookup reaches: while the budget allows, a
            // larger table, rather than a state dropped at a fraction of the table's capacity.
            Grow();
            slot = Find(fingerprint, out found);
        }

        if (slot < 0)
        {
            Dropped++;
            return Coverage.New;
        }

        if (!found)
        {
            keys[slot] = KeyOf(fingerprint);
            completeAsleep[slot] = NoCompleteVisit;
            Stored++;
        }
        else if (completeAsleep[slot] != NoCompleteVisit && (completeAsleep[slot] & ~claim.Asleep) == 0)
        {
            return Coverage.Complete;
        }
        else if (CutCovers(slot, claim))
        {
            CoveredAtAnyDepth = depths[slot] == AnyDepth;
            openBranch = openBranches[slot];
            return openBranch >= 0 ? Coverage.Open : Coverage.Cut;
        }

        cutAsleep[slot] = claim.Asleep;
        depths[slot] = claim.Depth;
        preemptionsLeft[slot] = claim.PreemptionsLeft;
        lastThreads[slot] = claim.LastThread;
        openBranches[slot] = branch;
        return Coverage.New;
    }

    /// <summary>Whether the cut (or open) visit in <paramref name="slot"/> could run every schedule a visit with <paramref name="claim"/> could.</summary>
    private bool CutCovers(int slot, in VisitClaim claim)
    {
        if ((cutAsleep[slot] & ~claim.Asleep) != 0 || depths[slot] > claim.Depth)
        {
            return false;
        }

        // A schedule's preemptions differ by who ran last only at its first switch: with another
        // thread last (one that can go on), the stored visit may have paid one more for it.
        var firstSwitch = cutRule switch
        {
            CutVisitRule.Strict => lastThreads[slot] == claim.LastThread ? 0L : int.MaxValue,
            CutVisitRule.IgnoresLastThread => 0L,
            _ => lastThreads[slot] == claim.LastThread || lastThreads[slot] < 0 ? 0L : 1L,
        };
        return preemptionsLeft[slot] >= claim.PreemptionsLeft + firstSwitch;
    }

    /// <summary>
    /// The visit <see cref="Visit"/> recorded with <paramref name="claim"/> has explored its
    /// subtree; <paramref name="complete"/> when nothing in it was cut; <paramref name="depthFree"/>
    /// when no schedule below it reached the end of DFS's part (so its depth limited nothing, and
    /// it covers shallower visits too).
    /// </summary>
    public void Finish(ulong fingerprint, in VisitClaim claim, bool complete, bool depthFree = false)
    {
        var slot = Find(fingerprint, out var found);
        if (!found)
        {
            return;
        }

        // A visit of the state nested in this one (a cycle) may have been recorded since: either
        // claim is sound alone, and the entry is no longer open.
        openBranches[slot] = -1;
        if (depthFree && cutRule != CutVisitRule.Strict)
        {
            // A nested visit recorded since is in this one's subtree: its schedules did not reach the limit either.
            depths[slot] = AnyDepth;
        }

        if (complete)
        {
            completeAsleep[slot] = completeAsleep[slot] == NoCompleteVisit ? claim.Asleep : completeAsleep[slot] & claim.Asleep;
        }
    }

    /// <summary>The slot holding <paramref name="fingerprint"/> (found), else the empty slot for it, else -1.</summary>
    private int Find(ulong fingerprint, out bool found)
    {
        var key = KeyOf(fingerprint);
        var slot = SlotOf(key, mask);
        for (var probe = 0; probe < Probes; probe++, slot = (slot + 1) & mask)
        {
            if (keys[slot] == key)
            {
                found = true;
                return slot;
            }

            if (keys[slot] == 0)
            {
                found = false;
                return slot;
            }
        }

        found = false;
        return -1;
    }

    private static ulong KeyOf(ulong fingerprint) => fingerprint == 0 ? 1 : fingerprint;

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(keys), nameof(completeAsleep), nameof(cutAsleep), nameof(depths), nameof(preemptionsLeft), nameof(lastThreads), nameof(openBranches))]
    private void Allocate(int entries)
    {
        keys = new ulong[entries];
        completeAsleep = new ulong[entries];
        cutAsleep = new ulong[entries];
        depths = new int[entries];
        preemptionsLeft = new int[entries];
        lastThreads = new int[entries];
        openBranches = new int[entries];
        mask = entries - 1;
    }

    private static int SlotOf(ulong key, int mask) => (int)(key ^ (key >> 32)) & mask;

    private void Grow()
    {
        var (oldKeys, oldComplete, oldCut, oldDepths, oldLeft, oldLast, oldOpen) = (keys, completeAsleep, cutAsleep, depths, preemptionsLeft, lastThreads, openBranches);
        var size = keys.Length * 2;
        // Doubled again, while the budget allows, if the entries do not all fit within a lookup's reach.
        while (size < maxEntries && !FitsAll(oldKeys, size))
        {
            size *= 2;
        }

        Allocate(size);
        for (var i = 0; i < oldKeys.Length; i++)
        {
            if (oldKeys[i] == 0)
            {
                continue;
            }

            var slot = SlotOf(oldKeys[i], mask);
            var probe = 0;
            while (keys[slot] != 0 && probe < Probes)
            {
                slot = (slot + 1) & mask;
                probe++;
            }

            if (probe == Probes)
            {
                // Out of a lookup's reach: forgotten, as if never stored (pruning lost, no state).
                Stored--;
                Dropped++;
                continue;
            }

            keys[slot] = oldKeys[i];
            completeAsleep[slot] = oldComplete[i];
            cutAsleep[slot] = oldCut[i];
            depths[slot] = oldDepths[i];
            preemptionsLeft[slot] = oldLeft[i];
            lastThreads[slot] = oldLast[i];
            openBranches[slot] = oldOpen[i];
        }
    }

    /// <summary>Whether every key of <paramref name="stored"/> finds a slot within <see cref="Probes"/> in a table of <paramref name="size"/>.</summary>
    private static bool FitsAll(ulong[] stored, int size)
    {
        var taken = new bool[size];
        var sizeMask = size - 1;
        foreach (var key in stored)
        {
            if (key == 0)
            {
                continue;
            }

            var slot = SlotOf(key, sizeMask);
            var probe = 0;
            while (taken[slot] && probe < Probes)
            {
                slot = (slot + 1) & sizeMask;
                probe++;
            }

            if (probe == Probes)
            {
                return false;
            }

            taken[slot] = true;
        }

        return true;
    }
}
