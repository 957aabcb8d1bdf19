using System.Globalization;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// The kernel's state as lines, for timelines: one per file, one per cached page, the counters.
/// Each line starts with its key ("inode 1 page 3:"), so a line that changed is matched with its
/// old self; a page lock's holder is written "locked by T2", which the HTML view shows as the lock
/// that thread holds.
/// </summary>
public static class KernelState
{
    /// <summary>How to read the lines, for the HTML view's legend.</summary>
    public const string Legend =
        "flags: L locked, D dirty, W writeback, U uptodate, E error; tags: D DIRTY, W WRITEBACK, T TOWRITE (- when clear); " +
        "vN: the data version in memory (bumped by each dirtying write); disk vN: the version on stable storage; " +
        "pte: the page's pte in the file's shared mapping, W writable, D dirty (- when clear).";

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
                $"inode {host.Ino} page {page.Index}: flags {(flags.Length == 0 ? "-" : flags)} {where} v{page.Version} disk v{kernel.Device.StableVersion(host, page.Index)}{Pte(page)}{holder}");
        }

        yield return $"counters: NR_FILE_DIRTY {kernel.Vmstat.NrFileDirty} NR_WRITEBACK {kernel.Vmstat.NrWriteback}";
    }

    /// <summary>" pte WD" for a page its file's shared mapping maps; nothing for one it does not.</summary>
    private static string Pte(Page page) =>
        page.Mapping!.IMmap?.Lookup(page.Index) is { } pte && pte.Page == page
            ? $" pte {(pte.Write ? "W" : "-")}{(pte.Dirty ? "D" : "-")}"
            : "";

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
