using System.Globalization;

namespace Wbcheck.Model.Runtime;

/// <summary>
/// A kernel wait queue (the per-page PG_locked or PG_writeback waiters, a lock's sleepers).
/// It names the resource and who holds it, so that a deadlock report can draw the wait-for graph:
/// each blocked thread, what it waits on, and who holds that.
/// </summary>
public sealed class WaitQueue
{
    private readonly string what;
    private readonly long number;
    private string? name;

    /// <summary>A queue named <paramref name="name"/>.</summary>
    public WaitQueue(string name)
    {
        this.name = name;
        what = name;
        number = long.MinValue;
    }

    /// <summary>
    /// A queue named "<paramref name="what"/> <paramref name="number"/>" ("PG_locked of page" 5).
    /// The name is written only when a report or trace asks for it: every page has two queues,
    /// and most are never shown.
    /// </summary>
    public WaitQueue(string what, long number)
    {
        this.what = what;
        this.number = number;
    }

    /// <summary>What the sleepers wait for, e.g. "PG_locked of page 5".</summary>
    public string Name => name ??= string.Create(CultureInfo.InvariantCulture, $"{what} {number}");

    /// <summary>The thread that holds the resource, when one does.</summary>
    public ModelThread? Holder { get; set; }

    /// <summary>Who holds it when no thread does, e.g. "bio 3, not yet submitted".</summary>
    public string? HolderNote { get; set; }

    /// <summary>Runtime-private bookkeeping: how many threads sleep here now.</summary>
    public int Sleepers { get; set; }

    public override string ToString() => Name;
}
