using System.Collections.Immutable;

namespace Wbcheck.Properties.Writeback.Running;

/// <summary>
/// What a writeback pass was asked and what it found, when it began: its control (range in
/// pages, <see cref="Last"/> long.MaxValue for LLONG_MAX), the file's writeback_index and size,
/// every cached page, and the pages whose -&gt;writepage fails, with the error each fails with.
/// </summary>
public sealed record PassStart(
    int File,
    bool SyncAll,
    bool Cyclic,
    bool Tagged,
    long First,
    long Last,
    long NrToWrite,
    long WritebackIndex,
    long SizePages,
    ImmutableArray<PageAtStart> Pages,
    ImmutableDictionary<long, int> Failing);
