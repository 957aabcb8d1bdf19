using System.Globalization;

namespace Wbcheck.Properties.Writeback.Commands;

/// <summary>
/// With <paramref name="Last"/> null, truncate the file to <paramref name="First"/> pages
/// (truncate_setsize: i_size first, then the pages from there on); otherwise drop the pages
/// <paramref name="First"/>..<paramref name="Last"/> from the page cache, i_size unchanged
/// (truncate_inode_pages_range, as a hole punch does).
/// </summary>
public sealed record TruncateCommand(int File, int First, int? Last, int? Steps = null) : OperationCommand(File, Steps)
{
    /// <summary>A truncate to <see cref="First"/> pages and this many bytes more: the page holding the new EOF stays, its tail zeroed. 0: a whole number of pages.</summary>
    public int PartialBytes { get; init; }

    /// <summary>
    /// Through the filesystem's -&gt;setattr (SimpleFs.SetattrSize: block_truncate_page of the
    /// block holding the new EOF, before or after i_size changes as the era did); otherwise
    /// truncate_setsize alone, as a filesystem with no blocks to zero does.
    /// </summary>
    public bool Setattr { get; init; }

    public override string Describe() => Last is { } last
        ? string.Create(CultureInfo.InvariantCulture, $"punch f{File} {First}..{last}")
        : PartialBytes == 0
        ? string.Create(CultureInfo.InvariantCulture, $"truncate f{File} to {First}{Through}")
        : string.Create(CultureInfo.InvariantCulture, $"truncate f{File} to {First} pages + {PartialBytes} bytes{Through}");

    /// <summary>The size a truncate sets, in bytes.</summary>
    public long NewSize => ((long)First << Model.Mm.WritebackControl.PageShift) + PartialBytes;

    private string Through => Setattr ? " through ->setattr" : "";
}
