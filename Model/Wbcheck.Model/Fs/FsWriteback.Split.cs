using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Fs;

/// <summary>
/// Cgroup writeback's split of sync(2)'s works and wake-up over the bdi's wbs (4.2,
/// <see cref="KernelEras.SplitsWorkToWbs"/>; docs/flusher-loop.md, "sync(2)'s works per wb"): each
/// wb with dirty inodes gets a copy of the work, asking for its share of the pages by write
/// bandwidth, run by its own flusher over its own lists; the caller waits for every copy.
/// </summary>
public sealed partial class FsWriteback
{
    /// <summary>
    /// Queue <paramref name="baseWork"/> on the flusher. From 4.2: a copy on every wb of the bdi
    /// (the root wb first, then the cgwbs in the order they were made: bdi-&gt;wb_list) that has
    /// dirty io, or, for WB_SYNC_ALL, inodes with dirty timestamps alone (b_dirty_time, written by
    /// sync), each asking for its wb's share of nr_pages (<see cref="WbSplitBdiPages"/>) and counted
    /// by the base work's completion. Before, the one wb's flusher takes the work itself. The
    /// model's copies never fail to allocate (the kernel then queues the base work and waits for it
    /// before going on to the next wb); skip_if_busy is try_to_writeback_inodes_sb's, which the
    /// model has no caller of.
    /// </summary>
    [Models("fs/fs-writeback.c", "bdi_split_work_to_wbs", "4.4")]
    [Models("fs/fs-writeback.c", "bdi_split_work_to_wbs", "6.9")]
    internal void BdiSplitWorkToWbs(WbWritebackWork baseWork)
    {
        if (!kernel.Era.SplitsWorkToWbs())
        {
            WbQueueWork(null, baseWork);
            return;
        }

        var throttle = kernel.Throttle;
        foreach (var wb in (IEnumerable<CgroupWb?>)[null, .. throttle.CgroupWbs.ToList()])
        {
            if (!throttle.WbHasDirtyIo(wb) && (baseWork.SyncMode == WritebackSyncMode.None || !WbHasDirtyTime(wb)))
            {
                continue;
            }

            WbQueueWork(wb, baseWork.CloneFor(WbSplitBdiPages(wb, baseWork.NrPages)));
        }
    }

    /// <summary>
    /// <paramref name="wb"/>'s share of <paramref name="nrPages"/> for the whole bdi: in proportion
    /// to its avg_write_bandwidth in the bdi's tot_write_bandwidth (the wbs with dirty io), rounded
    /// up; all of it for LONG_MAX, when the bdi has no bandwidth counted, or when the wb has all of
    /// it ("we wanna err on the side of writing more"). One wb per disk before 4.2: all of it.
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_split_bdi_pages", "4.4")]
    [Models("fs/fs-writeback.c", "wb_split_bdi_pages", "6.9")]
    internal long WbSplitBdiPages(CgroupWb? wb, long nrPages)
    {
        if (nrPages == WritebackControl.LongMax || !kernel.Era.SplitsWorkToWbs())
        {
            return nrPages;
        }

        var thisBw = kernel.Throttle.BwOf(wb).AvgWriteBandwidth;
        var totBw = kernel.Throttle.BdiTotWriteBandwidth();
        if (totBw == 0 || thisBw >= totBw)
        {
            return nrPages;
        }

        return (long)((((ulong)nrPages * thisBw) + totBw - 1) / totBw);
    }

    /// <summary>Whether an inode of <paramref name="wb"/> has dirty timestamps alone (b_dirty_time is not empty).</summary>
    private bool WbHasDirtyTime(CgroupWb? wb) =>
        kernel.Inodes.Any(inode => (inode.State & (InodeState.DirtyTime | InodeState.DirtyPages)) == InodeState.DirtyTime && kernel.Throttle.InodeToWb(inode) == wb);
}
