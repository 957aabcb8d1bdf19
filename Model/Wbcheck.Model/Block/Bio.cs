using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Block;

/// <summary>
/// struct bio: I/O between pages of one file and the device. The versions are taken when it is
/// submitted; for a write the device records them on stable storage when it completes without
/// error.
/// </summary>
[Models("include/linux/blk_types.h", "struct bio", "6.9")]
public sealed class Bio(Inode inode, Action<Bio, int> endIo)
{
    private int idField;
    private int sizeField;
    private int statusField;
    private bool submittedField;
    private bool completedField;

    // Room for one page to start with: most bios carry just one.
    private readonly List<BioVec> vecs = new(1);

    /// <summary>Numbered by the device at submission; 0 before.</summary>
    public int Id
    {
        get
        {
            AccessLog.Read(AccessId(Field.Id));
            return idField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Id));
            idField = value;
        }
    }

    public Inode Inode { get; } = inode;

    public IReadOnlyList<BioVec> Vecs => vecs;

    public BioOp Op { get; init; }

    /// <summary>
    /// bi_max_vecs: the segments bio_alloc made room for. Unbounded by default, for callers that
    /// gather pages without a limit of their own.
    /// </summary>
    public int MaxVecs { get; init; } = int.MaxValue;

    /// <summary>bi_iter.bi_size: bytes carried.</summary>
    public int Size
    {
        get
        {
            AccessLog.Read(AccessId(Field.Size));
            return sizeField;
        }

        private set
        {
            AccessLog.Write(AccessId(Field.Size));
            sizeField = value;
        }
    }

    /// <summary>REQ_SYNC: submitted for data integrity (WRITE_SYNC in older kernels).</summary>
    public bool Sync { get; init; }

    /// <summary>First sector on the device, when the submitter maps blocks; -1 otherwise.</summary>
    public long Sector { get; init; } = -1;

    /// <summary>bi_end_io: run by the completion, in interrupt context (it cannot sleep), with 0 or the error.</summary>
    public Action<Bio, int> EndIo { get; } = endIo;

    /// <summary>bi_status once completed.</summary>
    public int Status
    {
        get
        {
            AccessLog.Read(AccessId(Field.Status));
            return statusField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Status));
            statusField = value;
        }
    }

    public bool Submitted
    {
        get
        {
            AccessLog.Read(AccessId(Field.Submitted));
            return submittedField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Submitted));
            submittedField = value;
        }
    }

    public bool Completed
    {
        get
        {
            AccessLog.Read(AccessId(Field.Completed));
            return completedField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Completed));
            completedField = value;
        }
    }

    /// <summary>Add a whole page, for callers that never fill a bio; the version is filled in at submission.</summary>
    public void AddPage(Mm.Page page)
    {
        if (BioAddPage(page, Mm.Page.PageSize, 0) == 0)
        {
            throw new InvalidOperationException($"bio {Id} has no room for {page}");
        }
    }

    /// <summary>
    /// Add <paramref name="length"/> bytes of <paramref name="page"/> from <paramref name="offset"/>;
    /// returns the bytes added, 0 when every segment bio_alloc made room for is taken. Since
    /// 4.3 the queue's limits are no longer checked here: the block layer splits a bio that
    /// exceeds them.
    /// </summary>
    [Models("block/bio.c", "bio_add_page", "4.9")]
    public int BioAddPage(Mm.Page page, int length, int offset)
    {
        if (Submitted)
        {
            throw new InvalidOperationException($"bio {Id} is already submitted");
        }

        // The kernel merges a segment that continues the last one of the same page; neither
        // mpage nor submit_bh ever adds one page twice to a bio, so that case is not modelled.
        if (vecs.Count >= MaxVecs)
        {
            return 0;
        }

        vecs.Add(new BioVec(page, 0, offset, length));
        Size += length;
        return length;
    }

    internal void CaptureVersions()
    {
        for (var i = 0; i < vecs.Count; i++)
        {
            vecs[i] = vecs[i] with { Version = vecs[i].Page.Version, ZeroFrom = vecs[i].Page.ZeroFrom };
        }
    }

    public override string ToString() => $"bio {Id}";

    private ulong AccessId(Field field) => AccessIds.Of(AccessIds.Kind.Bio, idField, (int)field);

    /// <summary>The bio's fields, as AccessIds numbers them.</summary>
    private enum Field
    {
        Id,
        Size,
        Status,
        Submitted,
        Completed,
    }
}
