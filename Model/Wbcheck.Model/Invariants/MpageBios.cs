using System.Globalization;
using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// The rules mpage write-back lives by, checked over a finished run with every I/O completed:
/// each returns the first violation found, or null. They judge the bios and the device against
/// the layout, not against what mpage thought it did.
/// </summary>
public static class MpageBios
{
    public const string WrittenOnceName = "mpage: every dirty page written once";
    public const string ContiguousName = "mpage: bios contiguous and in order";
    public const string SizeLimitName = "mpage: no bio over its size limit";
    public const string ZeroPastEofName = "mpage: bytes past i_size zero on disk";

    public static IReadOnlyList<(string Name, string Statement)> Statements { get; } =
    [
        (WrittenOnceName, "write-back writes each dirty page exactly once, in an mpage bio or by ->writepage, and its dirty blocks reach the disk at its version; no clean page is written"),
        (ContiguousName, "each bio's pages ascend, and each of their blocks lands on the sectors the file's block map gives it: a bio never spans a discontiguity"),
        (SizeLimitName, "no bio carries more pages than BIO_MAX_PAGES or than it was allocated for"),
        (ZeroPastEofName, "no sector the write-back left on the disk holds a non-zero byte at or past i_size"),
    ];

    /// <summary>Every dirty page written once (mpage bio or -&gt;writepage), its dirty blocks on the disk at its version; no other page written.</summary>
    public static string? CheckWrittenOnce(MpageRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var layout = run.Layout;
        var writes = new Dictionary<long, List<string>>();
        foreach (var record in run.Log.Records.Where(r => r.Bio is not null && r.Op == BioOp.Write && r.Reason != SubmitReason.BufferWrite))
        {
            foreach (var page in record.Pages)
            {
                Add(writes, page, Invariant($"bio #{record.Number}"));
            }
        }

        foreach (var page in run.Log.Writepages)
        {
            Add(writes, page, "->writepage");
        }

        foreach (var (page, how) in writes)
        {
            if (!layout.DirtyPages.Contains(page))
            {
                return Invariant($"page {page} was not dirty but was written ({how[0]})");
            }
        }

        foreach (var page in layout.DirtyPages)
        {
            var how = writes.GetValueOrDefault(page) ?? [];
            if (how.Count != 1)
            {
                return how.Count == 0
                    ? Invariant($"dirty page {page} was never written")
                    : Invariant($"dirty page {page} was written {how.Count} times ({string.Join(", ", how)})");
            }

            if (DirtyBlockNotOnDisk(run, page) is { } missing)
            {
                return missing;
            }
        }

        return null;
    }

    /// <summary>Every data bio's pages ascend and each block of them lands where the block map puts it.</summary>
    public static string? CheckContiguous(MpageRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var layout = run.Layout;
        var sectorsPerBlock = layout.BlockSize / BlockDevice.SectorSize;
        foreach (var record in run.Log.Records)
        {
            if (record.Bio is not { } bio)
            {
                continue;
            }

            var sector = bio.Sector;
            long previousPage = -1;
            foreach (var vec in bio.Vecs)
            {
                if (vec.Page.Index <= previousPage)
                {
                    return Invariant($"bio #{record.Number} has page {vec.Page.Index} after page {previousPage}");
                }

                previousPage = vec.Page.Index;
                for (var offset = vec.Offset; offset < vec.Offset + vec.Length; offset += layout.BlockSize)
                {
                    var block = (vec.Page.Index * layout.BlocksPerPage) + (offset / layout.BlockSize);
                    var expected = run.Fs.Map.DiskBlock(block) * sectorsPerBlock;
                    if (expected != sector)
                    {
                        return Invariant($"bio #{record.Number} puts file block {block} (page {vec.Page.Index}) at sector {sector}, but the block map has it at sector {expected} (disk block {run.Fs.Map.DiskBlock(block)})");
                    }

                    sector += sectorsPerBlock;
                }
            }
        }

        return null;
    }

    /// <summary>No bio carries more pages than BIO_MAX_PAGES or its own allocation.</summary>
    public static string? CheckSizeLimit(MpageRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var limit = run.Kernel.Config.BioMaxPages;
        foreach (var record in run.Log.Records)
        {
            if (record.Bio is not { } bio)
            {
                continue;
            }

            if (bio.Vecs.Count > limit || bio.Size > (long)limit * Page.PageSize)
            {
                return Invariant($"bio #{record.Number} carries {bio.Vecs.Count} pages ({bio.Size} bytes), over BIO_MAX_PAGES {limit}");
            }

            if (bio.Vecs.Count > bio.MaxVecs)
            {
                return Invariant($"bio #{record.Number} carries {bio.Vecs.Count} pages but was allocated for {bio.MaxVecs}");
            }
        }

        return null;
    }

    /// <summary>No sector of the file on the disk holds a non-zero byte at or past i_size.</summary>
    public static string? CheckZeroPastEof(MpageRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var size = run.Inode.Size;
        foreach (var (sector, contents) in run.Kernel.Device.Sectors.OrderBy(s => s.Key))
        {
            var nonZeroEnd = contents.FileOffset + contents.ZeroFrom;
            if (contents.Ino == run.Inode.Ino && contents.ZeroFrom > 0 && nonZeroEnd > size)
            {
                return Invariant($"sector {sector} (file bytes {contents.FileOffset}-{contents.FileOffset + BlockDevice.SectorSize - 1}, page {contents.PageIndex}) holds bytes {Math.Max(size, contents.FileOffset)}-{nonZeroEnd - 1}, at or past i_size {size}, not zeroed");
            }
        }

        return null;
    }

    /// <summary>The first dirty block of the page (below i_size) whose sectors do not hold the page's version, or null.</summary>
    private static string? DirtyBlockNotOnDisk(MpageRun run, long page)
    {
        var layout = run.Layout;
        var states = layout.Buffers.FirstOrDefault(b => b.Page == page)?.States;
        var version = run.VersionsAtStart[page];
        var sectorsPerBlock = layout.BlockSize / BlockDevice.SectorSize;
        for (var i = 0; i < layout.BlocksPerPage; i++)
        {
            var block = (page * layout.BlocksPerPage) + i;
            var dirty = states is not { } given || (given[i] & BufferState.Dirty) != 0;
            if (block >= layout.BlocksInFile || !dirty)
            {
                continue;
            }

            var disk = run.Fs.Map.DiskBlock(block);
            for (var k = 0; k < sectorsPerBlock; k++)
            {
                var sector = (disk * sectorsPerBlock) + k;
                var wanted = new DeviceSector(run.Inode.Ino, page, (i * layout.BlockSize) + (k * BlockDevice.SectorSize), version, 0);
                if (!run.Kernel.Device.Sectors.TryGetValue(sector, out var found) || found with { ZeroFrom = 0 } != wanted)
                {
                    return Invariant($"dirty page {page}: file block {block} is not on disk block {disk} at version {version} (sector {sector} holds {(run.Kernel.Device.Sectors.ContainsKey(sector) ? found.ToString() : "nothing")})");
                }
            }
        }

        return null;
    }

    private static void Add(Dictionary<long, List<string>> writes, long page, string how)
    {
        if (!writes.TryGetValue(page, out var list))
        {
            writes[page] = list = [];
        }

        list.Add(how);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
