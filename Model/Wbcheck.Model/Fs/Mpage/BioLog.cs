using System.Collections.Immutable;
using Wbcheck.Model.Block;

namespace Wbcheck.Model.Fs.Mpage;

/// <summary>
/// What an mpage filesystem submitted, in order, and which pages it gave up to the fallback:
/// the record that <c>wbcheck bios</c> prints and the properties check.
/// </summary>
public sealed class BioLog
{
    private readonly List<BioRecord> records = [];
    private readonly List<ConfusedPage> confused = [];
    private readonly List<long> holePages = [];
    private readonly List<long> writepages = [];
    private readonly List<int> writepageAt = [];
    private readonly List<int> writepageDone = [];

    public IReadOnlyList<BioRecord> Records => records;

    public IReadOnlyList<ConfusedPage> Confused => confused;

    /// <summary>Pages handed to the filesystem's -&gt;writepage, in order.</summary>
    public IReadOnlyList<long> Writepages => writepages;

    /// <summary>For each of <see cref="Writepages"/>, how many I/Os were submitted before it: where it falls in the order.</summary>
    public IReadOnlyList<int> WritepageAt => writepageAt;

    /// <summary>For each finished -&gt;writepage, how many I/Os were submitted when it returned: those from its <see cref="WritepageAt"/> on are its own.</summary>
    public IReadOnlyList<int> WritepageDoneAt => writepageDone;

    /// <summary>Pages a read found wholly in holes: zero-filled with no I/O.</summary>
    public IReadOnlyList<long> HolePages => holePages;

    internal void Submitted(Bio bio, SubmitReason reason)
    {
        var pages = bio.Vecs.Select(v => v.Page.Index).ToImmutableArray();
        records.Add(new BioRecord(records.Count + 1, bio.Op, bio.Sector, bio.Size / BlockDevice.SectorSize, pages, bio.Sync, reason, bio));
    }

    internal void Metadata(BioOp op, long sector, int sectors, SubmitReason reason) =>
        records.Add(new BioRecord(records.Count + 1, op, sector, sectors, [], Sync: false, reason, Bio: null));

    internal void GaveUp(long index, BioOp op, ConfusedReason reason) => confused.Add(new ConfusedPage(index, op, reason));

    internal void Hole(long index) => holePages.Add(index);

    internal void Writepage(long index)
    {
        writepages.Add(index);
        writepageAt.Add(records.Count);
    }

    internal void WritepageDone() => writepageDone.Add(records.Count);
}
