using System.Collections.Immutable;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Mm;

namespace Wbcheck.Properties.Mpage;

/// <summary>
/// A generated file for mpage write-back, in a form that shrinks well: pages, the bytes used in
/// the last one, runs of blocks laid end to end from disk block 100 (each after a gap; a run may be
/// a hole), indirect blocks placed among them as ext2 places them, dirty pages, pages with
/// buffers, sync mode and bio limits. <see cref="ToLayout"/> makes the layout; it prints as layout
/// text, so a counterexample can be fed to <c>wbcheck bios</c>. The one generator of mpage files:
/// the properties here and the conformance differential (Wbcheck.Conformance) both draw from it.
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
    int? BioAllocLimit,
    ImmutableArray<IndirectAt> Indirects)
{
    /// <summary>Where the first run starts on the disk.</summary>
    public const long FirstDiskBlock = 100;

    public int BlocksPerPage => Page.PageSize / BlockSize;

    /// <summary>
    /// The layout: runs cut to the file's blocks (a last extent covers any left over), each run
    /// one extent but where a hole or an indirect block cuts it; a hole only where the layout
    /// allows one (past i_size, in a clean page, or under a buffer that is not dirty), else the
    /// blocks are reserved (new); dirty pages and buffers of pages past the end dropped, and M
    /// dropped from buffers over blocks not yet allocated, so that every case is a valid layout.
    /// </summary>
    public FileLayout ToLayout()
    {
        var blocks = (long)Pages * BlocksPerPage;
        var size = ((long)(Pages - 1) * Page.PageSize) + TailBytes;
        var blocksInFile = (size + BlockSize - 1) / BlockSize;
        var dirty = Dirty.Where(p => p < Pages).Distinct().Order().ToImmutableArray();
        var buffers = Buffers.Where(b => b.Page < Pages && b.States.Length == BlocksPerPage).GroupBy(b => b.Page).ToDictionary(g => g.Key, g => g.First().States);
        var starts = Indirects.Where(i => i.FirstBlock > 0 && i.FirstBlock < blocks).GroupBy(i => i.FirstBlock).Select(g => g.First()).OrderBy(i => i.FirstBlock).ToList();

        var extents = ImmutableArray.CreateBuilder<LayoutExtent>();
        var indirects = ImmutableArray.CreateBuilder<LayoutIndirectBlock>();
        LayoutExtent? open = null;
        var disk = FirstDiskBlock;
        var file = 0L;
        foreach (var run in Runs.Append(new BlockRun(int.MaxValue, 0, false, false)))
        {
            if (file >= blocks)
            {
                break;
            }

            var length = Math.Min(run.Length, blocks - file);
            disk += run.Gap;
            Close();
            for (var b = file; b < file + length; b++)
            {
                if (starts.FirstOrDefault(i => i.FirstBlock == b) is { } indirect)
                {
                    if (indirect.BoundaryBefore && open is not null)
                    {
                        open = open with { Boundary = true };
                    }

                    Close();
                    var next = starts.FirstOrDefault(i => i.FirstBlock > b)?.FirstBlock ?? blocks;
                    indirects.Add(new LayoutIndirectBlock(disk++, b, next - b, Cached: indirect.Cache > 0, Dirty: indirect.Cache == 2));
                }

                if (run.Hole && HoleAllowed(b))
                {
                    Close();
                    continue;
                }

                var isNew = run.New || run.Hole;
                open = open is null ? new LayoutExtent(b, 1, disk, New: isNew) : open with { Count = open.Count + 1 };
                disk++;
            }

            if (run.Boundary && open is not null && open.LastBlock == file + length - 1)
            {
                open = open with { Boundary = true };
            }

            Close();
            file += length;
        }

        var layout = new FileLayout
        {
            BlockSize = BlockSize,
            Size = size,
            Extents = extents.ToImmutable(),
            IndirectBlocks = indirects.ToImmutable(),
            DirtyPages = dirty,
            SyncMode = SyncAll ? WritebackSyncMode.All : WritebackSyncMode.None,
            BioMaxPages = BioMaxPages,
            BioAllocLimit = BioAllocLimit,
        };
        return layout with
        {
            Buffers = [.. Buffers.Where(b => b.Page < Pages && b.States.Length == BlocksPerPage).Select(b => Allocated(layout, b)).OrderBy(b => b.Page)],
        };

        // As the layout reader has it: a dirty page's block inside i_size needs a block unless
        // its buffer (once M is dropped over the hole) is not dirty.
        bool HoleAllowed(long block)
        {
            var page = block / BlocksPerPage;
            return block >= blocksInFile || !dirty.Contains(page)
                || (buffers.TryGetValue(page, out var states) && (states[(int)(block % BlocksPerPage)] & BufferState.Dirty) == 0);
        }

        void Close()
        {
            if (open is not null)
            {
                extents.Add(open);
                open = null;
            }
        }
    }

    public override string ToString() => ToLayout().ToText();

    private static LayoutPageBuffers Allocated(FileLayout layout, LayoutPageBuffers buffers) =>
        buffers with
        {
            States = [.. buffers.States.Select((state, i) =>
                layout.ExtentOf((buffers.Page * layout.BlocksPerPage) + i) is { New: false } ? state : state & ~BufferState.Mapped)],
        };
}
