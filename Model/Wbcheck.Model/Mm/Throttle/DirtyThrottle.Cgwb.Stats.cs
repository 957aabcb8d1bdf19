using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// The per-wb page stats of cgroup writeback (4.2): WB_RECLAIMABLE and WB_WRITEBACK of the wb
/// the inode is attached to (i_wb), moved with the page's PG_dirty and PG_writeback. The root
/// wb's are the machine's (NR_FILE_DIRTY, NR_WRITEBACK) less every cgwb's, so only a cgwb's are
/// kept; nothing is kept before cgroup writeback (the inode has no wb then).
/// </summary>
public sealed partial class DirtyThrottle
{
    /// <summary>inc_wb_stat / dec_wb_stat(wb, WB_RECLAIMABLE) on <paramref name="wb"/> (a cgwb; the root's is derived).</summary>
    [Models("include/linux/backing-dev.h", "inc_wb_stat (WB_RECLAIMABLE)", "4.19")]
    internal void WbStatReclaimable(CgroupWb? wb, long delta)
    {
        if (wb is not null)
        {
            wb.Reclaimable += delta;
        }
    }

    /// <summary>inc_wb_stat / dec_wb_stat(inode_to_wb(inode), WB_WRITEBACK), the caller holding the i_pages lock.</summary>
    [Models("mm/page-writeback.c", "__test_set_page_writeback (WB_WRITEBACK)", "4.19")]
    internal void WbStatWriteback(Inode inode, long delta) => WbStatWritebackOf(InodeToWb(inode), delta);

    /// <summary>inc_wb_stat / dec_wb_stat(wb, WB_WRITEBACK) on <paramref name="wb"/> (a cgwb; the root's is derived).</summary>
    private static void WbStatWritebackOf(CgroupWb? wb, long delta)
    {
        if (wb is not null)
        {
            wb.WritebackPages += delta;
        }
    }

    /// <summary>
    /// A dirty page leaves the page cache (unaccount_page_cache_page, the i_pages lock held):
    /// dec_wb_stat(inode_to_wb(inode), WB_RECLAIMABLE) beside NR_FILE_DIRTY.
    /// </summary>
    [Models("mm/filemap.c", "unaccount_page_cache_page", "4.19")]
    internal void WbStatUnaccountDirty(Inode inode) => WbStatReclaimable(InodeToWb(inode), -1);

    /// <summary>
    /// A page cached dirty by a test's setup (<see cref="Filemap.AddCachedPage"/>): attached and
    /// counted as account_page_dirtied would (inode_attach_wb with the page's memcg,
    /// WB_RECLAIMABLE), without the cumulative counts (NR_DIRTIED, WB_DIRTIED, the task's
    /// nr_dirtied). On purpose: the setup stands for a page dirtied before the run began, and the
    /// kernel reads NR_DIRTIED and WB_DIRTIED only as differences from stamps taken later (the
    /// dirty-rate estimate's dirtied - dirtied_stamp), and a task's nr_dirtied counts its own
    /// dirtying since its last balance (the setup runs as no task). The model's stamps start at 0,
    /// so counting the page now would put it in the first estimate's interval, a dirty rate the
    /// run never had; counting it and moving every stamp past it (the root wb's and the cgwb's)
    /// would behave exactly as not counting it. The one reader that sees the difference is the
    /// model's own WB_DIRTIED - WB_WRITTEN relation (<see cref="Invariants.WbAccounting"/>), whose
    /// callers with such setups check the stats alone (cumulative: false).
    /// </summary>
    internal void WbAccountCachedDirty(Inode inode)
    {
        InodeAttachWb(inode, inode.Memcg);
        WbStatReclaimable(InodeToWb(inode), 1);
    }

    /// <summary>A cgwb's WB_RECLAIMABLE + WB_WRITEBACK, as wb_stat reads them (percpu_counter_read_positive).</summary>
    private static ulong WbDirtyOf(CgroupWb wb) => (ulong)Math.Max(0, wb.Reclaimable) + (ulong)Math.Max(0, wb.WritebackPages);
}
