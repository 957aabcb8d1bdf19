namespace Wbcheck.Model.Runtime;

/// <summary>
/// A kernel wait queue (the per-page PG_locked or PG_writeback waiters, a lock's sleepers).
/// It names the resource and who holds it, so that a deadlock report can draw the wait-for graph:
/// each blocked thread, what it waits on, and who holds that.
/// </summary>
public sealed class WaitQueue(string name)
{
    /// <summary>What the sleepers wait for, e.g. "PG_locked of page 5".</summary>
    public string Name { get; } = name;

    /// <summary>The thread that holds the resource, when one does.</summary>
    public ModelThread? Holder { get; set; }

    /// <summary>Who holds it when no thread does, e.g. "bio 3, not yet submitted".</summary>
    public string? HolderNote { get; set; }

    /// <summary>Runtime-private bookkeeping: how many threads sleep here now.</summary>
    public int Sleepers { get; set; }

    public override string ToString() => Name;
}
