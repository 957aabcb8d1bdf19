using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Mm;

namespace Wbcheck.Conformance.Cases;

/// <summary>
/// Random file layouts for mpage_writepages, each one <see cref="LayoutParser"/> accepts: block
/// sizes 512 to 4096, i_size often mid-page, extents that run on, jump (discontiguity), end in a
/// boundary or are reserved (new), indirect blocks (not cached, cached, dirty) placed as ext2 places them, holes where the layout allows them, dirty pages with and
/// without buffers in every state mpage tests, both sync modes and small bio limits. The shrinker
/// drops pages, buffers, boundaries and limits while the layout stays valid.
/// </summary>
public static class MpageCaseGenerator
{
    private static readonly BufferState[] States =
    [
        BufferState.Mapped | BufferState.Dirty | BufferState.Uptodate, BufferState.Mapped | BufferState.Dirty | BufferState.Uptodate,
        BufferState.Mapped | BufferState.Dirty | BufferState.Uptodate, BufferState.None, BufferState.Dirty,
        BufferState.Mapped | BufferState.Uptodate, BufferState.Mapped | BufferState.Dirty, BufferState.Uptodate,
    ];

    public static Arbitrary<IConformanceCase> Arbitrary() =>
        Arb.From(Gen.Choose(0, int.MaxValue).Select(seed => (IConformanceCase)new MpageCase(Layout(new Random(seed)))), c => Shrink(((MpageCase)c).Layout).Select(l => (IConformanceCase)new MpageCase(l)));

    /// <summary>One layout from <paramref name="random"/> (seeded by FsCheck, so a run replays).</summary>
    public static FileLayout Layout(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var blockSize = 512 << random.Next(4);
        var perPage = Page.PageSize / blockSize;
        var pages = random.Next(1, 9);
        var size = ((pages - 1) * (long)Page.PageSize) + (random.Next(3) == 0 ? Page.PageSize : random.Next(1, Page.PageSize + 1));
        var dirty = Enumerable.Range(0, pages).Where(_ => random.Next(5) != 0).Select(p => (long)p).ToList();
        var buffers = dirty.Where(_ => random.Next(3) == 0)
            .Select(p => new LayoutPageBuffers(p, [.. Enumerable.Range(0, perPage).Select(_ => States[random.Next(States.Length)])]))
            .ToList();
        var lastBlock = (size - 1) / blockSize;
        var extents = new List<LayoutExtent>();
        var disk = 1L + random.Next(4);
        LayoutExtent? open = null;
        var blocks = pages * perPage;

        // As ext2 lays a file out: direct blocks, then runs each mapped through an indirect block
        // put on the disk right after the block before the first it maps (usually a boundary).
        var starts = random.Next(2) == 0 || blocks < 2 ? [] : Enumerable.Range(0, random.Next(1, 3)).Select(_ => (long)random.Next(1, blocks)).Distinct().Order().ToList();
        var indirects = new List<LayoutIndirectBlock>();
        for (var b = 0L; b < blocks; b++)
        {
            if (starts.Contains(b))
            {
                if (open is not null && random.Next(4) != 0)
                {
                    open = open with { Boundary = true };
                }

                Close();
                var end = starts.FirstOrDefault(next => next > b, blocks);
                var cache = random.Next(3);
                indirects.Add(new LayoutIndirectBlock(disk++, b, end - b, Cached: cache > 0, Dirty: cache == 2));
            }

            var page = b / perPage;
            var state = buffers.FirstOrDefault(x => x.Page == page)?.States[(int)(b % perPage)];
            var mappedBuffer = state is { } s && s.HasFlag(BufferState.Mapped);
            var holeAllowed = !mappedBuffer && (!dirty.Contains(page) || b > lastBlock || (state is { } u && !u.HasFlag(BufferState.Mapped) && !u.HasFlag(BufferState.Dirty)));
            var choice = random.Next(10);
            if (holeAllowed && choice == 0)
            {
                Close();
                continue;
            }

            var isNew = !mappedBuffer && random.Next(6) == 0;
            if (open is null || choice == 1 || open.New != isNew)
            {
                Close();
                disk += choice == 1 ? random.Next(1, 4) : 0;
                open = new LayoutExtent(b, 1, disk, New: isNew);
            }
            else
            {
                open = open with { Count = open.Count + 1 };
            }

            disk++;
            if (random.Next(8) == 0)
            {
                open = open with { Boundary = true };
                Close();
            }
        }

        Close();
        var layout = new FileLayout
        {
            BlockSize = blockSize,
            Size = size,
            Extents = [.. extents],
            IndirectBlocks = [.. indirects],
            DirtyPages = [.. dirty],
            Buffers = [.. buffers],
            SyncMode = random.Next(2) == 0 ? WritebackSyncMode.None : WritebackSyncMode.All,
            BioMaxPages = random.Next(3) == 0 ? random.Next(1, 4) : FileLayout.DefaultBioMaxPages,
            BioAllocLimit = random.Next(4) == 0 ? random.Next(1, 4) : null,
        };
        return LayoutParser.Parse(layout.ToText());

        void Close()
        {
            if (open is not null)
            {
                extents.Add(open);
                open = null;
            }
        }
    }

    public static IEnumerable<FileLayout> Shrink(FileLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var candidates = new List<FileLayout>();
        if (layout.PageCount > 1)
        {
            var last = layout.PageCount - 1;
            var firstDropped = last * layout.BlocksPerPage;
            candidates.Add(layout with
            {
                Size = last * Page.PageSize,
                Extents = [.. layout.Extents.Where(e => e.FirstBlock < firstDropped).Select(e => e.LastBlock < firstDropped ? e : e with { Count = firstDropped - e.FirstBlock, Boundary = false })],
                DirtyPages = [.. layout.DirtyPages.Where(p => p < last)],
                Buffers = [.. layout.Buffers.Where(b => b.Page < last)],
                IndirectBlocks = [.. layout.IndirectBlocks.Where(i => i.FirstBlock < firstDropped).Select(i => i.LastBlock < firstDropped ? i : i with { Count = firstDropped - i.FirstBlock })],
            });
        }

        foreach (var page in layout.DirtyPages)
        {
            candidates.Add(layout with { DirtyPages = layout.DirtyPages.Remove(page), Buffers = [.. layout.Buffers.Where(b => b.Page != page)] });
        }

        foreach (var buffers in layout.Buffers)
        {
            candidates.Add(layout with { Buffers = layout.Buffers.Remove(buffers) });
        }

        foreach (var extent in layout.Extents.Where(e => e.Boundary || e.New))
        {
            candidates.Add(layout with { Extents = layout.Extents.Replace(extent, extent with { Boundary = false, New = false }) });
        }

        foreach (var indirect in layout.IndirectBlocks)
        {
            candidates.Add(layout with { IndirectBlocks = layout.IndirectBlocks.Remove(indirect) });
        }

        if (layout.BioAllocLimit is not null)
        {
            candidates.Add(layout with { BioAllocLimit = null });
        }

        if (layout.BioMaxPages != FileLayout.DefaultBioMaxPages)
        {
            candidates.Add(layout with { BioMaxPages = FileLayout.DefaultBioMaxPages });
        }

        if (layout.SyncMode != WritebackSyncMode.None)
        {
            candidates.Add(layout with { SyncMode = WritebackSyncMode.None });
        }

        foreach (var candidate in candidates)
        {
            FileLayout? valid;
            try
            {
                valid = LayoutParser.Parse(candidate.ToText());
            }
            catch (LayoutFormatException)
            {
                valid = null;
            }

            if (valid is not null)
            {
                yield return valid;
            }
        }
    }
}
