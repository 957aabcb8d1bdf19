namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// The subtree summaries of the states stateful DFS with DPOR has explored, by fingerprint (the
/// union of every visit's), in a memory budget: past it a state's summary is not kept, and a prune
/// there falls back to the conservative rule (every option above), which loses reduction, never a
/// schedule.
/// </summary>
internal sealed class SubtreeSummaries(long budgetBytes)
{
    // A dictionary entry and a summary object with its array, before its footprints.
    private const int StateBytes = 96;

    private readonly Dictionary<ulong, SubtreeSummary> states = [];
    private long threadSlots;

    /// <summary>The footprints the summaries hold, interned.</summary>
    public FootprintUnion Union { get; } = new();

    /// <summary>Summaries not kept because the budget was spent.</summary>
    public long Dropped { get; private set; }

    /// <summary>The summary kept for the state, or null.</summary>
    public SubtreeSummary? Find(ulong fingerprint) => states.GetValueOrDefault(fingerprint);

    /// <summary>A visit of the state has explored what <paramref name="summary"/> summarises.</summary>
    public void Add(ulong fingerprint, SubtreeSummary summary)
    {
        if (states.TryGetValue(fingerprint, out var kept))
        {
            var before = kept.Width;
            kept.Merge(summary, Union);
            threadSlots += kept.Width - before;
            return;
        }

        if ((states.Count * (long)StateBytes) + (threadSlots * 24) + (Union.Entries * 8) > budgetBytes)
        {
            Dropped++;
            return;
        }

        var copy = summary.Copy();
        states[fingerprint] = copy;
        threadSlots += copy.Width;
    }
}
