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

    public override string Describe() => Last is { } last
        ? string.Create(CultureInfo.InvariantCulture, $"punch f{File} {First}..{last}")
        : PartialBytes == 0
        ? string.Create(CultureInfo.InvariantCulture, $"truncate f{File} to {First}")
        : string.Create(CultureInfo.InvariantCulture, $"truncate f{File} to {First} pages + {PartialBytes} bytes");
}
