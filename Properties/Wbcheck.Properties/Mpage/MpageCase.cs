using System.Collections.Immutable;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Mm;

namespace Wbcheck.Properties.Mpage;

/// <summary>
/// A generated file for mpage write-back, in a form that shrinks well: pages, the bytes used in
/// the last one, runs of blocks laid end to end from disk block 100 (each after a gap), dirty
/// pages, pages with buffers, sync mode and bio limits. <see cref="ToLayout"/> makes the layout;
/// it prints as layout text, so a counterexample can be fed to <c>wbcheck bios</c>.
/// </summary>
public sealed record MpageCase(
    int BlockSize,
    int Pages,
    int TailBytes,
    ImmutableArray<BlockRun> Runs,
    ImmutableArray<long> Dirty,
    ImmutableArray<LayoutPageBuffers> Buffers,
    bool SyncAll,
    int BioMaxPages,
    int? BioAllocLimit)
{
    /// <summary>Where the first run starts on the disk.</summary>
    public const long FirstDiskBlock = 100;

    public int BlocksPerPage => Page.PageSize / BlockSize;

    /// <summary>
    /// The layout: runs cut to the file's blocks (a last extent covers any left over), dirty
    /// pages and buffers of pages past the end dropped, and M dropped from buffers over blocks
    /// not yet allocated, so that every case is a valid layout.
    /// </summary>
    public FileLayout ToLayout()
    {
        var blocks = (long)Pages * BlocksPerPage;
        var extents = ImmutableArray.CreateBuilder<LayoutExtent>();
        var disk = FirstDiskBlock;
        var file = 0L;
        foreach (var run in Runs)
        {
            if (file >= blocks)
            {
                break;
            }

            var length = Math.Min(run.Length, blocks - file);
            disk += run.Gap;
            extents.Add(new LayoutExtent(file, length, disk, run.Boundary, run.New));
            disk += length;
            file += length;
        }

        if (file < blocks)
        {
            extents.Add(new LayoutExtent(file, blocks - file, disk));
        }

        var layout = new FileLayout
        {
            BlockSize = BlockSize,
            Size = ((long)(Pages - 1) * Page.PageSize) + TailBytes,
            Extents = extents.ToImmutable(),
            DirtyPages = [.. Dirty.Where(p => p < Pages).Distinct().Order()],
            SyncMode = SyncAll ? WritebackSyncMode.All : WritebackSyncMode.None,
            BioMaxPages = BioMaxPages,
            BioAllocLimit = BioAllocLimit,
        };
        return layout with
        {
            Buffers = [.. Buffers.Where(b => b.Page < Pages && b.States.Length == BlocksPerPage).Select(b => Allocated(layout, b)).OrderBy(b => b.Page)],
        };
    }

    public override string ToString() => ToLayout().ToText();

    private static LayoutPageBuffers Allocated(FileLayout layout, LayoutPageBuffers buffers) =>
        buffers with
        {
            States = [.. buffers.States.Select((state, i) =>
                layout.ExtentOf((buffers.Page * layout.BlocksPerPage) + i) is { New: false } ? state : state & ~BufferState.Mapped)],
        };
}
