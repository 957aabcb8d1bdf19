using System.Globalization;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>The kernel's state as lines, for timelines: one per file, one per cached page, the counters.</summary>
public static class KernelState
{
    public static IEnumerable<string> Describe(Kernel kernel)
    {
        foreach (var inode in kernel.Inodes)
        {
            var mapping = inode.Mapping;
            yield return $"inode {inode.Ino}: size {inode.SizePages} writeback_index {mapping.WritebackIndex}" +
                (mapping.Flags == AddressSpaceFlags.None ? "" : $" flags {mapping.Flags}") +
                (mapping.WbErr.Value == 0 ? "" : $" wb_err {mapping.WbErr}");
        }

        foreach (var page in kernel.CachedPages())
        {
            var host = page.Mapping!.Host;
            var where = kernel.Era.HasPageLists() ? $"on {ListOf(page)}" : $"tags {Tags(page)}";
            var flags = page.FlagString();
            var holder = page.Locked && page.LockQueue.Holder is { } owner ? $" locked by T{owner.Id}" : "";
            yield return string.Create(CultureInfo.InvariantCulture,
                $"inode {host.Ino} page {page.Index}: flags {(flags.Length == 0 ? "-" : flags)} {where} v{page.Version} disk v{kernel.Device.StableVersion(host, page.Index)}{holder}");
        }

        yield return $"NR_FILE_DIRTY {kernel.Vmstat.NrFileDirty} NR_WRITEBACK {kernel.Vmstat.NrWriteback}";
    }

    private static string Tags(Page page)
    {
        var marks = page.Mapping!.Pages.Marks(page.Index);
        return string.Concat(
            (marks & XaMark.Dirty) != 0 ? "D" : "-",
            (marks & XaMark.Writeback) != 0 ? "W" : "-",
            (marks & XaMark.Towrite) != 0 ? "T" : "-");
    }

    private static string ListOf(Page page) =>
        page.Mapping!.Lists.ListOf(page) is { } kind ? ListFlagCoherence.Describe(kind) : "no list";
}
