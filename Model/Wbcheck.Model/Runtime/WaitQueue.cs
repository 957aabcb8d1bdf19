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
    private ulong accessId;
    private ModelThread? holder;
    private string? holderNote;

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

    /// <summary>
    /// The queue's id in the running step's <see cref="AccessLog"/>: the one given (a page's queue
    /// is named by its frame, which a reused frame keeps) or a hash of the name. The runtime
    /// records it for each sleep and wake; setting the holder is a write.
    /// </summary>
    public ulong AccessId
    {
        get => accessId != 0 ? accessId : accessId = AccessIds.Of(AccessIds.Kind.Subsystem, StableHash(Name) & 0xFFFF_FFFF_FFFF, 255);
        init => accessId = value;
    }

    /// <summary>The thread that holds the resource, when one does.</summary>
    public ModelThread? Holder
    {
        get
        {
            AccessLog.Read(AccessId);
            return holder;
        }

        set
        {
            AccessLog.Write(AccessId);
            holder = value;
        }
    }

    /// <summary>Who holds it when no thread does, e.g. "bio 3, not yet submitted".</summary>
    public string? HolderNote
    {
        get => holderNote;
        set
        {
            AccessLog.Write(AccessId);
            holderNote = value;
        }
    }

    /// <summary>Runtime-private bookkeeping: how many threads sleep here now.</summary>
    public int Sleepers { get; set; }

    public override string ToString() => Name;

    // string.GetHashCode is randomized per process; ids must be the same in every run.
    private static long StableHash(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (long)(hash >> 1);
    }
}
