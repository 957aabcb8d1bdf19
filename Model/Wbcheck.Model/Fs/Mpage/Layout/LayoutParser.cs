using System.Collections.Immutable;
using System.Globalization;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Fs.Mpage.Layout;

/// <summary>
/// Reads the layout text format (README.md beside this file). Every error names the line and
/// what is wrong with it; a layout that parses can be run, read or write, without surprises.
/// </summary>
public static class LayoutParser
{
    /// <summary>The largest i_size accepted: 16384 pages.</summary>
    public const long MaxSize = 64L << 20;

    /// <summary>The largest BIO_MAX_PAGES accepted.</summary>
    public const int MaxBioMaxPages = 4096;

    /// <summary>The longest layout text accepted, in characters (docs/limits.md).</summary>
    public const int MaxTextLength = 1 << 20;

    /// <summary>The most extent lines, and the most indirect lines, a layout may have.</summary>
    public const int MaxExtents = 1024;

    /// <summary>The most pages a file of <see cref="MaxSize"/> has: no page list may be longer.</summary>
    public const int MaxPages = (int)(MaxSize / Page.PageSize);

    private static readonly int[] BlockSizes = [512, 1024, 2048, 4096];

    /// <exception cref="LayoutFormatException">The text does not follow the format.</exception>
    public static FileLayout Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxTextLength)
        {
            throw new LayoutFormatException(null, $"the layout is {text.Length} characters long, over the limit of {MaxTextLength}");
        }

        var reader = new Reader();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var content = lines[i];
            var comment = content.IndexOf('#', StringComparison.Ordinal);
            if (comment >= 0)
            {
                content = content[..comment];
            }

            var words = content.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 0)
            {
                reader.Directive(i + 1, words);
            }
        }

        return reader.Build();
    }

    /// <summary>The state letters of one buffer: any of M, D, U, or "-" for none.</summary>
    internal static BufferState? ParseBufferLetters(string word)
    {
        if (word == "-")
        {
            return BufferState.None;
        }

        var state = BufferState.None;
        foreach (var letter in word)
        {
            var bit = letter switch
            {
                'M' => BufferState.Mapped,
                'D' => BufferState.Dirty,
                'U' => BufferState.Uptodate,
                _ => (BufferState?)null,
            };
            if (bit is null || (state & bit.Value) != 0)
            {
                return null;
            }

            state |= bit.Value;
        }

        return state;
    }

    private sealed class Reader
    {
        private readonly Dictionary<string, int> scalarLines = [];
        private readonly List<(int Line, LayoutExtent Extent)> extents = [];
        private readonly List<(int Line, LayoutIndirectBlock Indirect)> indirects = [];
        private readonly List<(int Line, LayoutPageBuffers Buffers)> buffers = [];
        private readonly List<(int Line, long Page)> dirty = [];
        private readonly List<(int Line, long Page)> cached = [];
        private readonly List<(int Line, long Page)> read = [];
        private int blockSize = FileLayout.DefaultBlockSize;
        private long? size;
        private WritebackSyncMode syncMode;
        private int bioMaxPages = FileLayout.DefaultBioMaxPages;
        private int? bioAllocLimit;
        private bool hasRead;

        public void Directive(int line, string[] words)
        {
            var arguments = words[1..];
            switch (words[0])
            {
                case "block-size":
                    Once(line, words[0]);
                    var value = Number(line, Single(line, words[0], arguments, "BYTES"), "block size");
                    if (!BlockSizes.Contains((int)Math.Min(value, int.MaxValue)))
                    {
                        throw new LayoutFormatException(line, $"block-size must be 512, 1024, 2048 or 4096 (pages are {Page.PageSize} bytes), not {value}");
                    }

                    blockSize = (int)value;
                    break;
                case "i-size":
                    Once(line, words[0]);
                    size = Number(line, Single(line, words[0], arguments, "BYTES"), "i_size");
                    if (size is < 1 or > MaxSize)
                    {
                        throw new LayoutFormatException(line, $"i-size must be between 1 and {MaxSize} bytes, not {size}");
                    }

                    break;
                case "extent":
                    AddBounded(extents, (line, Extent(line, arguments)), line, "extent lines", MaxExtents);
                    break;
                case "indirect":
                    AddBounded(indirects, (line, Indirect(line, arguments)), line, "indirect lines", MaxExtents);
                    break;
                case "dirty":
                    AddPages(dirty, line, words[0], arguments);
                    break;
                case "cached":
                    AddPages(cached, line, words[0], arguments);
                    break;
                case "read":
                    Once(line, words[0]);
                    hasRead = true;
                    AddPages(read, line, words[0], arguments);
                    break;
                case "buffers":
                    AddBounded(buffers, (line, Buffers(line, arguments)), line, "buffers lines", MaxPages);
                    break;
                case "sync":
                    Once(line, words[0]);
                    syncMode = Single(line, words[0], arguments, "all|none") switch
                    {
                        "all" => WritebackSyncMode.All,
                        "none" => WritebackSyncMode.None,
                        var other => throw new LayoutFormatException(line, $"sync must be 'all' (WB_SYNC_ALL) or 'none' (WB_SYNC_NONE), not '{other}'"),
                    };
                    break;
                case "bio-max-pages":
                    Once(line, words[0]);
                    bioMaxPages = (int)Bounded(line, Single(line, words[0], arguments, "PAGES"), "bio-max-pages", 1, MaxBioMaxPages);
                    break;
                case "bio-alloc-limit":
                    Once(line, words[0]);
                    bioAllocLimit = (int)Bounded(line, Single(line, words[0], arguments, "PAGES"), "bio-alloc-limit", 1, MaxBioMaxPages);
                    break;
                default:
                    throw new LayoutFormatException(line, $"unknown directive '{words[0]}'; expected one of block-size, i-size, extent, indirect, dirty, cached, buffers, read, sync, bio-max-pages, bio-alloc-limit");
            }
        }

        public FileLayout Build()
        {
            if (size is not { } iSize)
            {
                throw new LayoutFormatException(null, "no i-size line: every layout must give the file size (i-size BYTES)");
            }

            var layout = new FileLayout
            {
                BlockSize = blockSize,
                Size = iSize,
                Extents = [.. extents.Select(e => e.Extent).OrderBy(e => e.FirstBlock)],
                IndirectBlocks = [.. indirects.Select(i => i.Indirect)],
                Buffers = [.. buffers.Select(b => b.Buffers).OrderBy(b => b.Page)],
                DirtyPages = [.. dirty.Select(d => d.Page).Order()],
                CachedPages = [.. cached.Select(c => c.Page).Order()],
                ReadPages = hasRead ? [.. read.Select(r => r.Page)] : null,
                SyncMode = syncMode,
                BioMaxPages = bioMaxPages,
                BioAllocLimit = bioAllocLimit,
            };
            CheckExtents(layout);
            CheckDiskBlocks();
            CheckIndirects(layout);
            CheckPages(layout);
            CheckBuffers(layout);
            CheckDirtyPagesCanBeWritten(layout);
            return layout;
        }

        /// <summary>Add, refusing more than <paramref name="maximum"/>: a long list would only be refused later, at quadratic cost.</summary>
        private static void AddBounded<T>(List<T> list, T item, int line, string what, int maximum)
        {
            if (list.Count >= maximum)
            {
                throw new LayoutFormatException(line, $"more than {maximum} {what}: over the format's limit");
            }

            list.Add(item);
        }

        /// <summary>A page list's pages, each range expanded only while the list stays within a file's pages.</summary>
        private static void AddPages(List<(int Line, long Page)> list, int line, string directive, string[] arguments)
        {
            foreach (var page in Pages(line, directive, arguments))
            {
                AddBounded(list, (line, page), line, $"{directive} pages", MaxPages);
            }
        }

        private void Once(int line, string directive)
        {
            if (scalarLines.TryGetValue(directive, out var first))
            {
                throw new LayoutFormatException(line, $"{directive} is given twice (first on line {first})");
            }

            scalarLines[directive] = line;
        }

        private static string Single(int line, string directive, string[] arguments, string what) =>
            arguments.Length == 1 ? arguments[0] : throw new LayoutFormatException(line, $"{directive} takes one value ({directive} {what}), got {arguments.Length}");

        private static long Number(int line, string word, string what) =>
            long.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new LayoutFormatException(line, $"{what} must be a whole number, not '{word}'");

        private static long Bounded(int line, string word, string what, long min, long max)
        {
            var value = Number(line, word, what);
            return value >= min && value <= max ? value : throw new LayoutFormatException(line, $"{what} must be between {min} and {max}, not {value}");
        }

        /// <summary>"a" or "a-b" with a &lt;= b, as (first, count).</summary>
        private static (long First, long Count) Range(int line, string word, string what)
        {
            var dash = word.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                return (Number(line, word, what), 1);
            }

            var first = Number(line, word[..dash], what);
            var last = Number(line, word[(dash + 1)..], what);
            if (last < first)
            {
                throw new LayoutFormatException(line, $"{what} range {word} runs backwards");
            }

            return (first, last - first + 1);
        }

        private static IEnumerable<long> Pages(int line, string directive, string[] arguments)
        {
            if (arguments.Length == 0)
            {
                throw new LayoutFormatException(line, $"{directive} needs at least one page or page range (e.g. {directive} 0-3 5)");
            }

            foreach (var word in arguments)
            {
                var (first, count) = Range(line, word, "page");
                if (count > MaxPages)
                {
                    throw new LayoutFormatException(line, $"page range {word} is longer than any file the format allows");
                }

                for (var page = first; page < first + count; page++)
                {
                    yield return page;
                }
            }
        }

        private static LayoutExtent Extent(int line, string[] arguments)
        {
            if (arguments.Length < 3 || arguments[1] != "at")
            {
                throw new LayoutFormatException(line, "extent is written 'extent FILE-BLOCKS at DISK-BLOCK [boundary] [new]', e.g. 'extent 0-11 at 100 boundary'");
            }

            var (first, count) = Range(line, arguments[0], "file block");
            var disk = Number(line, arguments[2], "disk block");
            var boundary = false;
            var isNew = false;
            foreach (var flag in arguments[3..])
            {
                switch (flag)
                {
                    case "boundary" when !boundary:
                        boundary = true;
                        break;
                    case "new" when !isNew:
                        isNew = true;
                        break;
                    default:
                        throw new LayoutFormatException(line, $"extent flag '{flag}' is unknown or repeated; an extent may end with 'boundary' and 'new'");
                }
            }

            return new LayoutExtent(first, count, disk, boundary, isNew);
        }

        private static LayoutIndirectBlock Indirect(int line, string[] arguments)
        {
            if (arguments.Length is < 3 or > 4 || arguments[1] != "maps")
            {
                throw new LayoutFormatException(line, "indirect is written 'indirect DISK-BLOCK maps FILE-BLOCKS [cached|dirty]', e.g. 'indirect 12 maps 12-15 dirty'");
            }

            var disk = Number(line, arguments[0], "disk block");
            var (first, count) = Range(line, arguments[2], "file block");
            var (cachedBlock, dirtyBlock) = arguments.Length == 3 ? (false, false) : arguments[3] switch
            {
                "cached" => (true, false),
                "dirty" => (true, true),
                var other => throw new LayoutFormatException(line, $"indirect block state must be 'cached' or 'dirty', not '{other}'"),
            };
            return new LayoutIndirectBlock(disk, first, count, cachedBlock, dirtyBlock);
        }

        private static LayoutPageBuffers Buffers(int line, string[] arguments)
        {
            if (arguments.Length < 2)
            {
                throw new LayoutFormatException(line, "buffers is written 'buffers PAGE STATE...', one state per block of the page, e.g. 'buffers 3 MDU MDU - -'");
            }

            var page = Number(line, arguments[0], "page");
            var states = ImmutableArray.CreateBuilder<BufferState>();
            foreach (var word in arguments[1..])
            {
                states.Add(ParseBufferLetters(word)
                    ?? throw new LayoutFormatException(line, $"buffer state '{word}' is not made of M (mapped), D (dirty), U (uptodate), each at most once, or '-' for none"));
            }

            return new LayoutPageBuffers(page, states.ToImmutable());
        }

        private void CheckExtents(FileLayout layout)
        {
            var lastFileBlock = (layout.PageCount * layout.BlocksPerPage) - 1;
            var seen = new List<(int Line, LayoutExtent Extent)>();
            foreach (var (line, extent) in extents)
            {
                if (extent.LastBlock > lastFileBlock)
                {
                    throw new LayoutFormatException(line, $"file block {Math.Max(extent.FirstBlock, lastFileBlock + 1)} is past the file's last page (i-size {layout.Size}: blocks 0-{lastFileBlock} of {layout.BlockSize} bytes)");
                }

                foreach (var (otherLine, other) in seen)
                {
                    if (extent.FirstBlock <= other.LastBlock && other.FirstBlock <= extent.LastBlock)
                    {
                        throw new LayoutFormatException(line, $"file block {Math.Max(extent.FirstBlock, other.FirstBlock)} is mapped twice (also on line {otherLine})");
                    }
                }

                seen.Add((line, extent));
            }
        }

        private void CheckDiskBlocks()
        {
            var used = extents.Select(e => (e.Line, First: e.Extent.DiskBlock, Last: e.Extent.DiskBlock + e.Extent.Count - 1))
                .Concat(indirects.Select(i => (i.Line, First: i.Indirect.DiskBlock, Last: i.Indirect.DiskBlock)))
                .OrderBy(u => u.Line)
                .ToList();
            for (var i = 0; i < used.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (used[i].First <= used[j].Last && used[j].First <= used[i].Last)
                    {
                        throw new LayoutFormatException(used[i].Line, $"disk block {Math.Max(used[i].First, used[j].First)} is used twice (also on line {used[j].Line})");
                    }
                }
            }
        }

        private void CheckIndirects(FileLayout layout)
        {
            var blocks = layout.PageCount * layout.BlocksPerPage;
            for (var i = 0; i < indirects.Count; i++)
            {
                var (line, indirect) = indirects[i];
                if (indirect.LastBlock >= blocks)
                {
                    throw new LayoutFormatException(line, $"file block {Math.Max(indirect.FirstBlock, blocks)} is past the file's last page (blocks 0-{blocks - 1})");
                }

                for (var j = 0; j < i; j++)
                {
                    var other = indirects[j].Indirect;
                    if (indirect.FirstBlock <= other.LastBlock && other.FirstBlock <= indirect.LastBlock)
                    {
                        throw new LayoutFormatException(line, $"file block {Math.Max(indirect.FirstBlock, other.FirstBlock)} is mapped through two indirect blocks (also on line {indirects[j].Line})");
                    }
                }
            }
        }

        private void CheckPages(FileLayout layout)
        {
            foreach (var (line, page) in dirty.Concat(cached).Concat(read))
            {
                if (page >= layout.PageCount)
                {
                    throw new LayoutFormatException(line, $"page {page} is past the end of the file (i-size {layout.Size}: pages 0-{layout.PageCount - 1})");
                }
            }

            var dirtyLines = CheckUnique(dirty, "dirty");
            CheckUnique(cached, "cached");
            CheckUnique(read, "read");
            foreach (var (line, page) in cached)
            {
                if (dirtyLines.TryGetValue(page, out var both))
                {
                    throw new LayoutFormatException(line, $"page {page} is both cached (clean) and dirty (line {both})");
                }
            }

            for (var i = 1; i < read.Count; i++)
            {
                if (read[i].Page < read[i - 1].Page)
                {
                    throw new LayoutFormatException(read[i].Line, $"read pages must ascend, as readahead's do: {read[i].Page} comes after {read[i - 1].Page}");
                }
            }
        }

        private static Dictionary<long, int> CheckUnique(List<(int Line, long Page)> pages, string directive)
        {
            var seen = new Dictionary<long, int>();
            foreach (var (line, page) in pages)
            {
                if (!seen.TryAdd(page, line))
                {
                    throw new LayoutFormatException(line, $"page {page} is listed as {directive} twice (also on line {seen[page]})");
                }
            }

            return seen;
        }

        private void CheckBuffers(FileLayout layout)
        {
            var seen = new Dictionary<long, int>();
            foreach (var (line, pageBuffers) in buffers)
            {
                var page = pageBuffers.Page;
                if (page >= layout.PageCount)
                {
                    throw new LayoutFormatException(line, $"page {page} is past the end of the file (i-size {layout.Size}: pages 0-{layout.PageCount - 1})");
                }

                if (!seen.TryAdd(page, line))
                {
                    throw new LayoutFormatException(line, $"page {page} has buffers given twice (also on line {seen[page]})");
                }

                if (pageBuffers.States.Length != layout.BlocksPerPage)
                {
                    throw new LayoutFormatException(line, $"page {page} needs {layout.BlocksPerPage} buffer states, one per {layout.BlockSize}-byte block, not {pageBuffers.States.Length}");
                }

                for (var i = 0; i < pageBuffers.States.Length; i++)
                {
                    var block = (page * layout.BlocksPerPage) + i;
                    if ((pageBuffers.States[i] & BufferState.Mapped) != 0 && layout.ExtentOf(block) is not { New: false })
                    {
                        throw new LayoutFormatException(line, $"buffer {i} of page {page} is mapped (M), but file block {block} has no allocated extent to map it to");
                    }
                }
            }
        }

        private void CheckDirtyPagesCanBeWritten(FileLayout layout)
        {
            var buffersOf = layout.Buffers.ToDictionary(b => b.Page, b => b.States);
            foreach (var (line, page) in dirty)
            {
                ImmutableArray<BufferState>? states = buffersOf.TryGetValue(page, out var found) ? found : null;
                for (var i = 0; i < layout.BlocksPerPage; i++)
                {
                    var block = (page * layout.BlocksPerPage) + i;
                    var needsBlock = states is not { } given || (given[i] & (BufferState.Mapped | BufferState.Dirty)) == BufferState.Dirty;
                    if (block < layout.BlocksInFile && needsBlock && layout.ExtentOf(block) is null)
                    {
                        throw new LayoutFormatException(line, $"page {page} is dirty but file block {block} is a hole, which writing it must allocate: say where with 'extent {block} at DISK-BLOCK new'");
                    }
                }
            }
        }
    }
}
