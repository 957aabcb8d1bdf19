using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Invariants;

/// <summary>
/// Each bdi_writeback's counts match the pages of the inodes attached to it (cgroup writeback,
/// 4.2). WB_RECLAIMABLE is its inodes' accounted dirty pages and WB_WRITEBACK their pages under
/// writeback, exactly, after every step: a stat update that lands on a wb the inode has been
/// switched away from (an update outside the unlocked_inode_to_wb transaction) breaks it for
/// both wbs. Until an inode switches wbs (inode_switch_wbs moves WB_RECLAIMABLE and WB_WRITEBACK,
/// not the cumulative counts), WB_DIRTIED less WB_WRITTEN is those pages too, give or take the
/// pages between their clean for I/O and their writeback (locked, neither dirty nor under
/// writeback): a completion credited to the wrong wb, or a dirtying counted for the wrong one,
/// breaks that. It holds while no page of the wb leaves the cache dirty or under writeback
/// (truncate uncounts the dirty page but not its WB_DIRTIED), so it is a check of the
/// cgroup-writeback scenarios, which truncate nothing. The root wb's counts are the machine's
/// less its cgwbs'.
/// </summary>
public static class WbAccounting
{
    public const string Name = "each wb's WB_RECLAIMABLE, WB_WRITEBACK and WB_DIRTIED - WB_WRITTEN match its inodes' pages";

    /// <summary>
    /// The first violation found, or null; nothing to check before cgroup writeback. Without
    /// <paramref name="cumulative"/> only WB_RECLAIMABLE and WB_WRITEBACK are checked (for a
    /// world whose setup cached dirty pages, which no WB_DIRTIED counted).
    /// </summary>
    public static string? Check(Kernel kernel, bool cumulative = true)
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
            if (CheckOne(kernel, wb, cumulative) is { } violation)
            {
                return violation;
            }
        }

        return null;
    }

    private static string? CheckOne(Kernel kernel, CgroupWb? wb, bool cumulative)
    {
        long dirty = 0, writeback = 0, between = 0;
        var inodes = kernel.Inodes;
        for (var i = 0; i < inodes.Count; i++)
        {
            if (kernel.Throttle.InodeToWb(inodes[i]) != wb)
            {
                continue;
            }

            var tree = inodes[i].Mapping.Pages;
            for (long index = 0, capacity = tree.Capacity; index < capacity; index++)
            {
                if (tree.Load(index) is not { } page)
                {
                    continue;
                }

                dirty += page.Dirty && !page.DirtyPendingTag ? 1 : 0;
                writeback += page.Writeback ? 1 : 0;
                between += page.Locked && !page.Dirty && !page.Writeback ? 1 : 0;
            }
        }

        var who = wb is null ? "the root wb" : $"the wb of memcg {wb.Memcg.Name}";
        var (reclaimable, underWriteback) = Stats(kernel, wb);
        if (reclaimable != dirty || underWriteback != writeback)
        {
            return $"{who}: WB_RECLAIMABLE {reclaimable} and WB_WRITEBACK {underWriteback}, but its inodes have {dirty} dirty page(s) and {writeback} under writeback";
        }

        if (!cumulative || kernel.Throttle.WbSwitches > 0)
        {
            return null;
        }

        var pages = dirty + writeback;
        var dirtied = kernel.Throttle.WbDirtied(wb);
        var written = kernel.Throttle.WbWritten(wb);
        var counted = (long)(dirtied - written);
        return counted >= pages && counted <= pages + between
            ? null
            : $"{who}: WB_DIRTIED {dirtied} - WB_WRITTEN {written} = {counted}, but {pages} of its pages are dirty or under writeback" +
              (between > 0 ? $" and {between} between their clean for I/O and their writeback" : "");
    }

    /// <summary>A cgwb's WB_RECLAIMABLE and WB_WRITEBACK; the root wb's, NR_FILE_DIRTY and NR_WRITEBACK less every cgwb's.</summary>
    private static (long Reclaimable, long Writeback) Stats(Kernel kernel, CgroupWb? wb)
    {
        if (wb is not null)
        {
            return (wb.Reclaimable, wb.WritebackPages);
        }

        long reclaimable = kernel.Vmstat.NrFileDirty, writeback = kernel.Vmstat.NrWriteback;
        foreach (var cgwb in kernel.Throttle.CgroupWbs)
        {
            reclaimable -= cgwb.Reclaimable;
            writeback -= cgwb.WritebackPages;
        }

        return (reclaimable, writeback);
    }
}
