using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;

namespace Wbcheck.Model.Block;

/// <summary>
/// struct bio: a write of pages of one file to the device. The versions are taken when it is
/// submitted; the device records them on stable storage when it completes without error.
/// </summary>
[Models("include/linux/blk_types.h", "struct bio", "6.9")]
public sealed class Bio(Inode inode, Action<Bio, int> endIo)
{
    private readonly List<BioVec> vecs = [];

    /// <summary>Numbered by the device at submission; 0 before.</summary>
    public int Id { get; internal set; }

    public Inode Inode { get; } = inode;

    public IReadOnlyList<BioVec> Vecs => vecs;

    /// <summary>REQ_SYNC: submitted for data integrity (WRITE_SYNC in older kernels).</summary>
    public bool Sync { get; init; }

    /// <summary>First sector on the device, when the submitter maps blocks; -1 otherwise.</summary>
    public long Sector { get; init; } = -1;

    /// <summary>bi_end_io: run by the completion, in interrupt context (it cannot sleep), with 0 or the error.</summary>
    public Action<Bio, int> EndIo { get; } = endIo;

    /// <summary>bi_status once completed.</summary>
    public int Status { get; internal set; }

    public bool Submitted { get; internal set; }

    public bool Completed { get; internal set; }

    /// <summary>bio_add_page: the version is filled in at submission.</summary>
    public void AddPage(Mm.Page page)
    {
        if (Submitted)
        {
            throw new InvalidOperationException($"bio {Id} is already submitted");
        }

        vecs.Add(new BioVec(page, 0));
    }

    internal void CaptureVersions()
    {
        for (var i = 0; i < vecs.Count; i++)
        {
            vecs[i] = vecs[i] with { Version = vecs[i].Page.Version };
        }
    }

    public override string ToString() => $"bio {Id}";
}
