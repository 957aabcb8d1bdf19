using System.Globalization;
using Wbcheck.Model.Mm;

namespace Wbcheck.Properties.Writeback.Commands;

/// <summary>fsync of pages <paramref name="First"/>..<paramref name="Last"/> (null: to the end of the file) through the file's open description.</summary>
public sealed record FsyncCommand(int File, int First, int? Last, int? Steps = null) : OperationCommand(File, Steps)
{
    public long RangeStart => (long)First << WritebackControl.PageShift;

    public long RangeEnd => Last is { } last ? ((last + 1L) << WritebackControl.PageShift) - 1 : WritebackControl.LLongMax;

    public override string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"fsync f{File} {First}..{(Last is { } last ? last.ToString(CultureInfo.InvariantCulture) : "end")}");
}
