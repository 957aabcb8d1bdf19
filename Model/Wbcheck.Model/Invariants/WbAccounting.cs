using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// Each bdi_writeback's cumulative counts match its pages (cgroup writeback, 4.2): WB_DIRTIED
/// less WB_WRITTEN is the wb's pages that are dirty (and accounted) or under writeback, give or
/// take the pages between their clean for I/O and their writeback (locked, neither dirty nor
/// under writeback): at least 0 and at most that many. A completion credited to the wrong wb,
/// or a dirtying counted for the wrong one, breaks it for both. It holds while no page of the
/// wb leaves the cache dirty or under writeback (truncate uncounts the dirty page but not its
/// WB_DIRTIED), so it is a check of the cgroup-writeback scenario, which truncates nothing.
/// </summary>
public static class WbAccounting
{
    public const string Name = "each wb's WB_DIRTIED - WB_WRITTEN = its dirty and writeback pages";

    /// <summary>The first violation found, or null; nothing to check before cgroup writeback.</summary>
    public static string? Check(Kernel kernel)
    {
        var throttle = kernel.Throttle;
        if (!throttle.CgroupWriteback)
        {
            return null;
        }

        var wbs = throttle.CgroupWbs;
        for (var w = -1; w < wbs.Count; w++)
        {
            var wb = w < 0 ? null : wbs[w];
            if (CheckOne(kernel, wb) is { } violation)
            {
                return violation;
            }
        }

        return null;
    }

    private static string? CheckOne(Kernel kernel, CgroupWb? wb)
    {
        long pages = 0, between = 0;
        var inodes = kernel.Inodes;
        for (var i = 0; i < inodes.Count; i++)
        {
            if (kernel.Throttle.InodeToWb(inodes[i]) != wb)
            {
                continue;
            }

            var tree = inodes[i].Mapping.Pages;
            for (var index = 0L; index < tree.Capacity; index++)
            {
                if (tree.Load(index) is not { } page)
                {
                    continue;
                }

                if ((page.Dirty && !page.DirtyPendingTag) || page.Writeback)
                {
                    pages++;
                }
                else if (page.Locked && !page.Dirty)
                {
                    between++;
                }
            }
        }

        var dirtied = kernel.Throttle.WbDirtied(wb);
        var written = kernel.Throttle.WbWritten(wb);
        var counted = (long)(dirtied - written);
        var who = wb is null ? "the root wb" : $"the wb of memcg {wb.Memcg.Name}";
        return counted >= pages && counted <= pages + between
            ? null
            : $"{who}: WB_DIRTIED {dirtied} - WB_WRITTEN {written} = {counted}, but {pages} of its pages are dirty or under writeback" +
              (between > 0 ? $" and {between} between their clean for I/O and their writeback" : "");
    }
}
