using System.Globalization;
using System.Text;
using Wbcheck.Model.Block;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Fs.Mpage;

/// <summary>
/// The text <c>wbcheck bios</c> prints for a run, and the snapshot tests keep: what was asked,
/// every I/O in submission order (disk blocks, sectors, pages, flags, why it went then), and
/// the pages mpage gave up to the buffer-head fallback.
/// </summary>
public static class MpageReport
{
    public static string Render(MpageRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var layout = run.Layout;
        var text = new StringBuilder();
        text.Append(Heading(run)).Append('\n');
        text.Append(Invariant($"block size {layout.BlockSize}, i_size {layout.Size} ({layout.PageCount} pages, last block {layout.BlocksInFile - 1})"));
        if (layout.BioMaxPages != FileLayout.DefaultBioMaxPages)
        {
            text.Append(Invariant($", BIO_MAX_PAGES {layout.BioMaxPages}"));
        }

        if (layout.BioAllocLimit is { } limit)
        {
            text.Append(Invariant($", bio_alloc gives at most {limit} pages"));
        }

        text.Append("\n\n");
        var sectorsPerBlock = layout.BlockSize / BlockDevice.SectorSize;
        var rows = new List<string[]> { new[] { "#", "op", "blocks", "sector", "sectors", "pages", "flags", "why" } };
        foreach (var record in run.Log.Records)
        {
            var firstBlock = record.Sector / sectorsPerBlock;
            var blocks = (record.Sectors + sectorsPerBlock - 1) / sectorsPerBlock;
            rows.Add(
            [
                Invariant($"{record.Number}"),
                record.Op == BioOp.Write ? "WRITE" : "READ",
                NumberRanges.Range(firstBlock, firstBlock + blocks - 1),
                Invariant($"{record.Sector}"),
                Invariant($"{record.Sectors}"),
                record.Pages.IsEmpty ? "-" : NumberRanges.Format(record.Pages, ","),
                record.Sync ? "WRITE_SYNC" : "-",
                Why(record.Reason),
            ]);
        }

        if (run.Log.Records.Count == 0)
        {
            text.Append("no I/O\n");
        }
        else
        {
            AppendTable(text, rows);
        }

        text.Append('\n');
        var fallback = run.Op == BioOp.Write ? "written by ->writepage (block_write_full_page)" : "read by block_read_full_page";
        if (run.Log.Confused.Count == 0)
        {
            text.Append("confused pages: none\n");
        }
        else
        {
            text.Append("confused pages, ").Append(fallback).Append(":\n");
            var confused = new List<string[]> { new[] { "page", "why" } };
            confused.AddRange(run.Log.Confused.Select(c => new[] { Invariant($"{c.Index}"), Why(c.Reason) }));
            AppendTable(text, confused);
        }

        if (run.Log.HolePages.Count > 0)
        {
            text.Append("pages wholly in holes, zeroed with no I/O: ").Append(NumberRanges.Format(run.Log.HolePages, ", ")).Append('\n');
        }

        if (run.Result != 0)
        {
            text.Append("returned ").Append(Errno.Name(run.Result)).Append('\n');
        }

        return text.ToString();
    }

    public static string Why(SubmitReason reason) => reason switch
    {
        SubmitReason.Discontiguous => "next page not contiguous",
        SubmitReason.Boundary => "boundary block",
        SubmitReason.PartialPage => "partial page",
        SubmitReason.BioFull => "bio full (BIO_MAX_PAGES)",
        SubmitReason.BioAddPageFailed => "bio_add_page failed (smaller bio)",
        SubmitReason.Confused => "confused page next",
        SubmitReason.EndOfPass => "end of pass",
        SubmitReason.IndirectBlockRead => "get_block reads indirect block",
        SubmitReason.BoundaryBlockWrite => "write_boundary_block",
        SubmitReason.BufferWrite => "->writepage: one buffer",
        SubmitReason.BufferRead => "block_read_full_page: one buffer",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static string Why(ConfusedReason reason) => reason switch
    {
        ConfusedReason.HasBuffers => "page has buffers",
        ConfusedReason.UnmappedDirtyBuffer => "dirty buffer not mapped",
        ConfusedReason.BufferNotDirtyOrUptodate => "mapped buffer clean or not uptodate",
        ConfusedReason.AllBuffersUnmapped => "no buffer mapped",
        ConfusedReason.HoleThenMapped => "hole before a mapped block",
        ConfusedReason.Discontiguous => "blocks not contiguous on disk",
        ConfusedReason.GetBlockFailed => "get_block failed",
        ConfusedReason.PastEof => "wholly past i_size",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    private static string Heading(MpageRun run)
    {
        var layout = run.Layout;
        if (run.Op == BioOp.Read)
        {
            var read = layout.PagesToRead;
            if (read.Count == 0)
            {
                return "read of no page";
            }

            var cached = read.Where(run.VersionsAtStart.ContainsKey).ToList();
            var parts = new List<string> { $"readahead of {Pages(read.Where(index => !run.VersionsAtStart.ContainsKey(index)))}" };
            var notUptodate = cached.Where(index => layout.Buffers.Any(b => b.Page == index && b.States.Any(s => (s & BufferState.Uptodate) == 0))).ToList();
            if (notUptodate.Count > 0)
            {
                parts.Add($"->readpage of {Pages(notUptodate)} (cached, not uptodate)");
            }

            if (cached.Count > notUptodate.Count)
            {
                parts.Add($"{Pages(cached.Except(notUptodate))} cached and uptodate");
            }

            return $"read of pages {NumberRanges.Format(read, ", ")}: {string.Join("; ", parts)}";
        }

        var sync = layout.SyncMode == WritebackSyncMode.All ? "WB_SYNC_ALL" : "WB_SYNC_NONE";
        return layout.DirtyPages.IsEmpty
            ? $"write-back, {sync}: no dirty page"
            : $"write-back, {sync}, of dirty pages {NumberRanges.Format(layout.DirtyPages, ", ")}";
    }

    private static string Pages(IEnumerable<long> pages)
    {
        var list = pages.ToList();
        return list.Count == 0 ? "no page" : list.Count == 1 ? $"page {list[0]}" : $"pages {NumberRanges.Format(list, ", ")}";
    }

    private static void AppendTable(StringBuilder text, List<string[]> rows)
    {
        // Laid out as the CLI's tables are: header, a rule, the rows.
        var widths = Enumerable.Range(0, rows[0].Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        rows.Insert(1, [.. widths.Select(width => new string('-', width))]);
        foreach (var row in rows)
        {
            for (var column = 0; column < row.Length; column++)
            {
                text.Append(column == row.Length - 1 ? row[column] : row[column].PadRight(widths[column] + 2));
            }

            text.Append('\n');
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
