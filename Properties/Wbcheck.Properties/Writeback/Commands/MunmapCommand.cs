using System.Globalization;

namespace Wbcheck.Properties.Writeback.Commands;

/// <summary>
/// munmap of the file's shared mapping: the whole of it when <paramref name="First"/> is 0 and
/// <paramref name="Last"/> null (the vma leaves i_mmap), else of pages
/// <paramref name="First"/>..<paramref name="Last"/> (null: to the end), which zaps their ptes
/// and leaves the rest mapped. zap_pte_range moves each dirty pte's dirtiness into PG_dirty.
/// Nothing happens if the file is not mapped.
/// </summary>
public sealed record MunmapCommand(int File, int First, int? Last, int? Steps = null) : OperationCommand(File, Steps)
{
    public bool Whole => First == 0 && Last is null;

    public override string Describe() => Whole
        ? $"munmap f{File}"
        : string.Create(CultureInfo.InvariantCulture, $"munmap f{File} {First}..{(Last is { } last ? last.ToString(CultureInfo.InvariantCulture) : "end")}");
}
