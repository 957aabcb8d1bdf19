using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Mm;

using Generated = Wbcheck.Properties.Mpage;

namespace Wbcheck.Conformance.Cases;

/// <summary>
/// One case of mpage_writepages: a file layout of the kind <c>wbcheck bios</c> reads, written
/// back whole. The shim takes it per file block (disk block, hole, new, boundary, a buffer's
/// state, its indirect block, whether its page is dirty and has buffers) and as the file's numbers
/// (block bits, i_size, sync, bio limits, the indirect blocks and their state).
/// </summary>
public sealed record MpageCase(FileLayout Layout) : IConformanceCase
{
    /// <summary>
    /// Cases from the one generator of mpage files (Wbcheck.Properties' MpageCaseGenerator, which
    /// the BIO properties use too), shrunk by its shrinker.
    /// </summary>
    public static Arbitrary<IConformanceCase> Arbitrary() =>
        Arb.From(
            Generated.MpageCaseGenerator.Case().Select(c => (IConformanceCase)new MpageCase(c.ToLayout()) { Source = c }),
            c => ((MpageCase)c).Source is { } source ? Generated.MpageCaseGenerator.Shrink(source).Select(s => (IConformanceCase)new MpageCase(s.ToLayout()) { Source = s }) : []);

    /// <summary>The generated file this layout was made from, for shrinking; null for a layout read from text.</summary>
    public Generated.MpageCase? Source { get; init; }

    /// <summary>The most pages and indirect blocks the shim's driver takes (mpage_writepages.c).</summary>
    public const int MaxPages = 512;

    public const int MaxIndirectBlocks = 15;

    public long[] ShimPages()
    {
        if (Layout.PageCount > MaxPages || Layout.IndirectBlocks.Length > MaxIndirectBlocks)
        {
            throw new ConformanceException($"the mpage shim takes layouts of at most {MaxPages} pages and {MaxIndirectBlocks} indirect blocks; this one has {Layout.PageCount} and {Layout.IndirectBlocks.Length}");
        }

        var blocks = new long[Layout.PageCount * Layout.BlocksPerPage];
        for (var b = 0L; b < blocks.Length; b++)
        {
            var extent = Layout.ExtentOf(b);
            long value = extent is null ? 1L << 32 : extent.DiskBlock + (b - extent.FirstBlock);
            if (extent is { New: true })
            {
                value |= 1L << 33;
            }

            if (extent is { Boundary: true } && extent.LastBlock == b)
            {
                value |= 1L << 34;
            }

            if (Layout.Buffers.FirstOrDefault(p => p.Page == b / Layout.BlocksPerPage) is { } buffers)
            {
                var state = buffers.States[(int)(b % Layout.BlocksPerPage)];
                value |= (state.HasFlag(BufferState.Mapped) ? 1L << 35 : 0) | (state.HasFlag(BufferState.Dirty) ? 1L << 36 : 0) | (state.HasFlag(BufferState.Uptodate) ? 1L << 37 : 0);
            }

            var indirect = Layout.IndirectBlocks.IndexOf(Layout.IndirectBlocks.FirstOrDefault(i => i.Maps(b))!);
            if (indirect >= 0)
            {
                value |= (indirect + 1L) << 38;
            }

            var page = b / Layout.BlocksPerPage;
            if (Layout.DirtyPages.Contains(page))
            {
                value |= 1L << 42;
            }

            if (Layout.Buffers.Any(p => p.Page == page))
            {
                value |= 1L << 43;
            }

            blocks[b] = value;
        }

        return blocks;
    }

    public long[] ShimControl() =>
    [
        Layout.BlockBits, Layout.Size, Layout.SyncMode == WritebackSyncMode.All ? 1 : 0, Layout.BioMaxPages, Layout.BioAllocLimit ?? 0, Layout.PageCount,
        Layout.IndirectBlocks.Length,
        .. Layout.IndirectBlocks.SelectMany(i => new[] { i.DiskBlock, i.Cached ? 1L : 0, i.Dirty ? 1L : 0 }),
    ];

    public override string ToString() => "\n" + Layout.ToText();
}
