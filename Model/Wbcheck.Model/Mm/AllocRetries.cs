using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>
/// What one allocation's slow path carries from one round of direct reclaim to the next (locals
/// of __alloc_pages_slowpath): the rounds in a row that freed nothing. The caller of
/// <see cref="PageAlloc.AllocPagesDirectReclaim"/> makes one for the allocation and passes it to
/// every round, as its retry loop stands for the slow path's.
/// </summary>
[Models("mm/page_alloc.c", "__alloc_pages_slowpath (no_progress_loops)", "4.19")]
public sealed class AllocRetries
{
    /// <summary>no_progress_loops: rounds in a row whose reclaim freed nothing (4.7 on).</summary>
    public int NoProgressLoops { get; internal set; }
}
