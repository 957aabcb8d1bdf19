using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Mm;

namespace Wbcheck.Properties.Mpage;

/// <summary>
/// Random files for mpage write-back, and their shrinker: the one generator of mpage files, for
/// the BIO properties here and for the conformance differential against 4.9's mpage.c. The odds
/// are set so that each rule's breaking case is common: fragmentation between and inside pages,
/// boundary blocks, blocks to allocate, holes, indirect blocks (read, cached, dirty) as ext2 places
/// them, buffers in every state, a last page cut short, small bio limits.
/// </summary>
public static class MpageCaseGenerator
{
    private const BufferState Writable = BufferState.Mapped | BufferState.Dirty | BufferState.Uptodate;

    /// <summary>Every combination of mapped, dirty and uptodate.</summary>
    private static readonly BufferState[] AnyBufferState =
    [
        BufferState.None,
        BufferState.Mapped,
        BufferState.Dirty,
        BufferState.Uptodate,
        BufferState.Mapped | BufferState.Dirty,
        BufferState.Mapped | BufferState.Uptodate,
        BufferState.Dirty | BufferState.Uptodate,
        Writable,
    ];

    public static Arbitrary<MpageCase> Arbitrary { get; } = Arb.From(Case(), Shrink);

    public static Gen<MpageCase> Case() =>
        from blockSize in Gen.Elements(512, 1024, 2048, 4096)
        from pages in Gen.Choose(1, 12)
        from tail in Tail(blockSize)
        from runs in Runs(pages * (Page.PageSize / blockSize), Page.PageSize / blockSize)
        from dirty in Gen.ListOf(Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false))), pages)
        from buffers in Gen.ListOf(Buffers(Page.PageSize / blockSize), pages)
        from syncAll in Gen.Elements(false, true)
        from bioMaxPages in Gen.Frequency((3, Gen.Constant(FileLayout.DefaultBioMaxPages)), (2, Gen.Choose(1, 4)))
        from bioAllocLimit in Gen.Frequency((4, Gen.Constant<int?>(null)), (1, Gen.Choose(1, 4).Select(limit => (int?)limit)))
        from indirects in Indirects(pages * (Page.PageSize / blockSize))
        select new MpageCase(
            blockSize,
            pages,
            tail,
            runs,
            [.. dirty.Select((isDirty, page) => (isDirty, (long)page)).Where(d => d.isDirty).Select(d => d.Item2)],
            [.. buffers.Select((states, page) => (states, page)).Where(b => b.states is not null).Select(b => new LayoutPageBuffers(b.page, b.states!.Value))],
            syncAll,
            bioMaxPages,
            bioAllocLimit,
            indirects);

    /// <summary>
    /// Smaller cases first by size (fewer pages, fewer dirty pages, no buffers), then by
    /// simplicity (contiguous runs, no boundary, nothing to allocate, default limits, whole pages).
    /// </summary>
    public static IEnumerable<MpageCase> Shrink(MpageCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        for (var page = c.Pages - 1; page >= 0 && c.Pages > 1; page--)
        {
            yield return DropPage(c, page);
        }

        for (var i = 0; i < c.Dirty.Length; i++)
        {
            yield return c with { Dirty = c.Dirty.RemoveAt(i) };
        }

        for (var i = 0; i < c.Indirects.Length; i++)
        {
            yield return c with { Indirects = c.Indirects.RemoveAt(i) };
        }

        for (var i = 0; i < c.Buffers.Length; i++)
        {
            yield return c with { Buffers = c.Buffers.RemoveAt(i) };
            if (c.Buffers[i].States.Any(s => s != Writable))
            {
                yield return c with { Buffers = c.Buffers.SetItem(i, c.Buffers[i] with { States = [.. c.Buffers[i].States.Select(_ => Writable)] }) };
            }
        }

        if (c.BlockSize < Page.PageSize)
        {
            yield return c with
            {
                BlockSize = c.BlockSize * 2,
                Runs = [.. c.Runs.Select(r => r with { Length = Math.Max(1, r.Length / 2) })],
                Buffers = [],
            };
        }

        for (var i = 0; i < c.Runs.Length; i++)
        {
            var run = c.Runs[i];
            if (i + 1 < c.Runs.Length)
            {
                var next = c.Runs[i + 1];
                yield return c with { Runs = c.Runs.RemoveAt(i + 1).SetItem(i, run with { Length = run.Length + next.Length, Boundary = next.Boundary }) };
            }

            if (run.Gap != 0)
            {
                yield return c with { Runs = c.Runs.SetItem(i, run with { Gap = 0 }) };
            }

            if (run.Boundary)
            {
                yield return c with { Runs = c.Runs.SetItem(i, run with { Boundary = false }) };
            }

            if (run.New)
            {
                yield return c with { Runs = c.Runs.SetItem(i, run with { New = false }) };
            }

            if (run.Hole)
            {
                yield return c with { Runs = c.Runs.SetItem(i, run with { Hole = false }) };
            }
        }

        if (c.SyncAll)
        {
            yield return c with { SyncAll = false };
        }

        if (c.BioAllocLimit is not null)
        {
            yield return c with { BioAllocLimit = null };
        }

        if (c.BioMaxPages != FileLayout.DefaultBioMaxPages)
        {
            yield return c with { BioMaxPages = FileLayout.DefaultBioMaxPages };
            if (c.BioMaxPages > 1)
            {
                yield return c with { BioMaxPages = c.BioMaxPages - 1 };
            }
        }

        if (c.TailBytes != Page.PageSize)
        {
            yield return c with { TailBytes = Page.PageSize };
        }
    }

    /// <summary>The last page: whole half the time, else cut at a block edge or anywhere.</summary>
    private static Gen<int> Tail(int blockSize)
    {
        var choices = new List<(int, Gen<int>)> { (2, Gen.Constant(Page.PageSize)), (2, Gen.Choose(1, Page.PageSize - 1)) };
        if (blockSize < Page.PageSize)
        {
            choices.Add((1, Gen.Choose(1, (Page.PageSize / blockSize) - 1).Select(blocks => blocks * blockSize)));
        }

        return Gen.Frequency(choices);
    }

    /// <summary>Runs covering <paramref name="blocks"/> blocks, of 1 to 2 pages' worth of blocks each.</summary>
    private static Gen<ImmutableArray<BlockRun>> Runs(int blocks, int blocksPerPage) =>
        Gen.ListOf(Run(blocksPerPage), blocks).Select(candidates =>
        {
            var runs = ImmutableArray.CreateBuilder<BlockRun>();
            var covered = 0;
            foreach (var run in candidates)
            {
                if (covered >= blocks)
                {
                    break;
                }

                runs.Add(run with { Length = Math.Min(run.Length, blocks - covered) });
                covered += run.Length;
            }

            return runs.ToImmutable();
        });

    private static Gen<BlockRun> Run(int blocksPerPage) =>
        from length in Gen.Frequency((1, Gen.Choose(1, blocksPerPage)), (2, Gen.Choose(1, 2 * blocksPerPage)), (1, Gen.Choose(1, 6 * blocksPerPage)))
        from gap in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 5)))
        from boundary in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
        from isNew in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from hole in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new BlockRun(length, gap, boundary, isNew, hole);

    /// <summary>None half the time; else one or two indirect blocks, each not cached, cached or dirty, most with a boundary before them.</summary>
    private static Gen<ImmutableArray<IndirectAt>> Indirects(int blocks) =>
        blocks < 2
            ? Gen.Constant(ImmutableArray<IndirectAt>.Empty)
            : Gen.Frequency(
                (1, Gen.Constant(ImmutableArray<IndirectAt>.Empty)),
                (1, from count in Gen.Choose(1, 2)
                    from list in Gen.ListOf(
                        from first in Gen.Choose(1, blocks - 1)
                        from cache in Gen.Choose(0, 2)
                        from boundary in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
                        select new IndirectAt(first, cache, boundary), count)
                    select list.ToImmutableArray()));

    /// <summary>No buffers most of the time; else all writable, or each buffer in any state.</summary>
    private static Gen<ImmutableArray<BufferState>?> Buffers(int blocksPerPage) =>
        Gen.Frequency(
            (5, Gen.Constant<ImmutableArray<BufferState>?>(null)),
            (1, Gen.Constant<ImmutableArray<BufferState>?>([.. Enumerable.Repeat(Writable, blocksPerPage)])),
            (1, Gen.ListOf(Gen.Elements(AnyBufferState), blocksPerPage).Select(states => (ImmutableArray<BufferState>?)[.. states])));

    /// <summary>
    /// The case without page <paramref name="page"/>: the pages after it move down one, their
    /// blocks staying where they were on the disk (so two pages around a clean one become
    /// neighbours in the file and stay apart on the disk).
    /// </summary>
    private static MpageCase DropPage(MpageCase c, int page)
    {
        var layout = c.ToLayout();
        var runs = ImmutableArray.CreateBuilder<BlockRun>();
        var end = MpageCase.FirstDiskBlock;
        for (var file = 0L; file < (long)c.Pages * c.BlocksPerPage; file++)
        {
            if (file / c.BlocksPerPage == page)
            {
                continue;
            }

            var last = runs.Count - 1;
            if (layout.ExtentOf(file) is not { } extent)
            {
                // A hole stays a hole at its place in the file.
                if (last >= 0 && runs[last].Hole)
                {
                    runs[last] = runs[last] with { Length = runs[last].Length + 1 };
                }
                else
                {
                    runs.Add(new BlockRun(1, 0, false, false, Hole: true));
                }

                continue;
            }

            var disk = extent.DiskBlock + (file - extent.FirstBlock);
            var boundary = extent.Boundary && file == extent.LastBlock;
            if (last >= 0 && !runs[last].Hole && disk == end && extent.New == runs[last].New && !runs[last].Boundary)
            {
                runs[last] = runs[last] with { Length = runs[last].Length + 1, Boundary = boundary };
            }
            else
            {
                runs.Add(new BlockRun(1, (int)(disk - end), boundary, extent.New));
            }

            end = disk + 1;
        }

        return c with
        {
            Pages = c.Pages - 1,
            Runs = runs.ToImmutable(),
            Dirty = [.. c.Dirty.Where(p => p != page).Select(p => p > page ? p - 1 : p)],
            Buffers = [.. c.Buffers.Where(b => b.Page != page).Select(b => b.Page > page ? b with { Page = b.Page - 1 } : b)],
            Indirects = [.. c.Indirects.Where(i => i.FirstBlock / c.BlocksPerPage != page).Select(i => i.FirstBlock / c.BlocksPerPage > page ? i with { FirstBlock = i.FirstBlock - c.BlocksPerPage } : i)],
        };
    }
}
