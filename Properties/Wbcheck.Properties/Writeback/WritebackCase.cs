using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Wbcheck.Properties.Writeback.Commands;

namespace Wbcheck.Properties.Writeback;

/// <summary>
/// A generated case: one or two files in their starting state, the page lookup batch size, the
/// filesystem's way of writing (a bio per page through -&gt;writepage, or a -&gt;writepages that
/// holds every page of a pass under writeback in one I/O submitted at the end of the pass, as
/// XFS does), and the commands. It prints as a numbered listing, the counterexample's form.
/// </summary>
public sealed record WritebackCase(ImmutableArray<FileSetup> Files, int BatchSize, bool Aggregate, ImmutableArray<Command> Commands)
{
    /// <summary>The kernel's folio_batch size.</summary>
    public const int DefaultBatchSize = 31;

    /// <summary>How the filesystem writes beyond the plain -&gt;writepage: clusters, declining, partial pages.</summary>
    public FsShape Fs { get; init; } = FsShape.Plain;

    /// <summary>Whether the device needs stable pages (BDI_CAP_STABLE_WRITES): a page's data must not change while a write of it is in flight.</summary>
    public bool StableWrites { get; init; }

    /// <summary>
    /// How many unused inodes the first file's filesystem has in the inode cache beside the
    /// case's files: files of it opened and closed before the case, linked, clean and without
    /// pages, on the inode LRU, so that the inode cache's shrinker may evict them (which enters
    /// the filesystem: its -&gt;evict_inode). One, or <see cref="HundredUnusedInodes"/>: to 3.11
    /// the cache counts its unused inodes in hundreds (shrink_icache_memory's
    /// <c>(nr_unused / 100) * vfs_cache_pressure</c>), so one is never scanned there.
    /// </summary>
    public int UnusedInodes { get; init; }

    /// <summary>The fewest unused inodes a 2.6 kernel's inode cache counts as any (<see cref="UnusedInodes"/>).</summary>
    public const int HundredUnusedInodes = 100;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"batch {BatchSize}, {(Aggregate ? "->writepages holding a pass in one I/O" : "->writepage, a bio per page")}");
        if (!Fs.IsPlain)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {Fs}");
        }

        if (StableWrites)
        {
            text.Append("; a device that needs stable pages");
        }

        if (UnusedInodes > 0)
        {
            text.Append(UnusedInodes == 1 ? "; an unused inode" : string.Create(CultureInfo.InvariantCulture, $"; {UnusedInodes} unused inodes"));
            text.Append(" of f0's filesystem in the inode cache");
        }

        for (var i = 0; i < Files.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  f{i}: {Files[i]}");
        }

        for (var i = 0; i < Commands.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {i + 1}. {Commands[i]}");
        }

        return text.ToString();
    }
}
