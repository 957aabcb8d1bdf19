using System.Collections.Immutable;
using Wbcheck.Model.Block;

namespace Wbcheck.Model.Fs.Mpage;

/// <summary>
/// One I/O submitted, in submission order: where on the disk, how much, which file pages, its
/// flags and why it was sent then. <paramref name="Bio"/> is null for metadata I/O (indirect
/// blocks), which the model orders but does not carry data for.
/// </summary>
/// <param name="Number">1 for the first I/O of the run, then 2, 3, ...</param>
/// <param name="Sector">The first 512-byte sector.</param>
/// <param name="Sectors">The size in sectors.</param>
/// <param name="Sync">WRITE_SYNC (REQ_SYNC), as a WB_SYNC_ALL pass submits.</param>
public sealed record BioRecord(
    int Number,
    BioOp Op,
    long Sector,
    int Sectors,
    ImmutableArray<long> Pages,
    bool Sync,
    SubmitReason Reason,
    Bio? Bio);
