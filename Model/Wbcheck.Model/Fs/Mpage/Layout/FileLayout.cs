using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Fs.Mpage.Layout;

/// <summary>
/// A file as mpage sees it: its block size and i_size, where its blocks are on the disk, which
/// of its pages are cached, dirty or have buffers, and how it is to be written or read. The
/// text form is documented in README.md beside this file; <see cref="LayoutParser"/> reads it
/// and <see cref="ToText"/> writes it.
/// </summary>
public sealed record FileLayout
{
    public const int DefaultBlockSize = Page.PageSize;

    /// <summary>BIO_MAX_PAGES of 4.9.</summary>
    public const int DefaultBioMaxPages = 256;

    /// <summary>Filesystem block size in bytes: 512, 1024, 2048 or 4096.</summary>
    public int BlockSize { get; init; } = DefaultBlockSize;

    /// <summary>i_size in bytes.</summary>
    public long Size { get; init; }

    public ImmutableArray<LayoutExtent> Extents { get; init; } = [];

    public ImmutableArray<LayoutIndirectBlock> IndirectBlocks { get; init; } = [];

    public ImmutableArray<LayoutPageBuffers> Buffers { get; init; } = [];

    /// <summary>Pages cached and dirty, ascending.</summary>
    public ImmutableArray<long> DirtyPages { get; init; } = [];

    /// <summary>Pages cached and clean (besides those with buffers that are not dirty), ascending.</summary>
    public ImmutableArray<long> CachedPages { get; init; } = [];

    /// <summary>The pages a read asks for, ascending; null: every page below i_size.</summary>
    public ImmutableArray<long>? ReadPages { get; init; }

    public WritebackSyncMode SyncMode { get; init; }

    /// <summary>BIO_MAX_PAGES: the most pages one bio can carry.</summary>
    public int BioMaxPages { get; init; } = DefaultBioMaxPages;

    /// <summary>The largest bio bio_alloc grants (memory pressure); null: any.</summary>
    public int? BioAllocLimit { get; init; }

    /// <summary>i_blkbits.</summary>
    public int BlockBits => int.Log2(BlockSize);

    public int BlocksPerPage => Page.PageSize / BlockSize;

    /// <summary>Pages the file has: those below i_size, the last perhaps partly.</summary>
    public long PageCount => Page.PagesOf(Size);

    /// <summary>Blocks holding file data: those below i_size.</summary>
    public long BlocksInFile => (Size + BlockSize - 1) / BlockSize;

    /// <summary>The pages a read asks for.</summary>
    public IReadOnlyList<long> PagesToRead => ReadPages is { } pages ? pages : [.. Enumerable.Range(0, (int)PageCount).Select(i => (long)i)];

    /// <summary>Every cached page: dirty, clean or with buffers, ascending.</summary>
    public IReadOnlyList<long> CachedPagesAll() =>
        [.. DirtyPages.Concat(CachedPages).Concat(Buffers.Select(b => b.Page)).Distinct().Order()];

    /// <summary>The extent holding file block <paramref name="block"/>, or null for a hole.</summary>
    public LayoutExtent? ExtentOf(long block) => Extents.FirstOrDefault(e => e.Contains(block));

    /// <summary>The layout in its text form, which <see cref="LayoutParser.Parse"/> reads back.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        Line(text, $"block-size {BlockSize}");
        Line(text, $"i-size {Size}");
        foreach (var extent in Extents)
        {
            Line(text, $"extent {NumberRanges.Range(extent.FirstBlock, extent.LastBlock)} at {extent.DiskBlock}{(extent.Boundary ? " boundary" : "")}{(extent.New ? " new" : "")}");
        }

        foreach (var indirect in IndirectBlocks)
        {
            var state = indirect.Dirty ? " dirty" : indirect.Cached ? " cached" : "";
            Line(text, $"indirect {indirect.DiskBlock} maps {NumberRanges.Range(indirect.FirstBlock, indirect.LastBlock)}{state}");
        }

        if (DirtyPages.Length > 0)
        {
            Line(text, $"dirty {NumberRanges.Format(DirtyPages)}");
        }

        if (CachedPages.Length > 0)
        {
            Line(text, $"cached {NumberRanges.Format(CachedPages)}");
        }

        foreach (var buffers in Buffers)
        {
            Line(text, $"buffers {buffers.Page} {string.Join(' ', buffers.States.Select(BufferLetters))}");
        }

        if (ReadPages is { } read)
        {
            Line(text, $"read {NumberRanges.Format(read)}");
        }

        Line(text, $"sync {(SyncMode == WritebackSyncMode.All ? "all" : "none")}");
        if (BioMaxPages != DefaultBioMaxPages)
        {
            Line(text, $"bio-max-pages {BioMaxPages}");
        }

        if (BioAllocLimit is { } limit)
        {
            Line(text, $"bio-alloc-limit {limit}");
        }

        return text.ToString();
    }

    /// <summary>The text form: a counterexample reads as a layout to feed to <c>wbcheck bios</c>.</summary>
    public override string ToString() => ToText();

    /// <summary>A buffer's state as the format writes it: M, D, U in that order, or "-".</summary>
    public static string BufferLetters(BufferState state)
    {
        var letters = string.Concat(
            (state & BufferState.Mapped) != 0 ? "M" : "",
            (state & BufferState.Dirty) != 0 ? "D" : "",
            (state & BufferState.Uptodate) != 0 ? "U" : "");
        return letters.Length == 0 ? "-" : letters;
    }

    private static void Line(StringBuilder text, FormattableString line) =>
        text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
