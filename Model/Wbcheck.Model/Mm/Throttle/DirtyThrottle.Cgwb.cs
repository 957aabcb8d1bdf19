using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle.IoLess;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// Cgroup writeback (Tejun Heo's series, 4.2; the model's 4.13 era on): the disk has a
/// bdi_writeback per memory cgroup that dirties it, besides its root wb. An inode belongs to the
/// wb of the memcg its pages are charged to (inode_to_wb); its dirtying and its completions are
/// counted in that wb's WB_DIRTIED and WB_WRITTEN and fprop completions; a dirtier balances
/// against its own memcg's wb (wb_get_create_current), with that wb's bandwidth estimate, dirty
/// ratelimit and dirty_exceeded; and each wb has its own flusher, which writes only that wb's
/// inodes and stops when that wb is under its background thresholds (wb_over_bg_thresh(wb)).
/// The root wb's state is what the model had for the one disk (<see cref="Bdi"/>,
/// <see cref="DirtyExceeded"/>, pdflush's background writeout); its counts are the machine's less
/// its cgwbs'.
/// </summary>
public sealed partial class DirtyThrottle
{
    private readonly List<CgroupWb> wbList = [];

    /// <summary>Cgroup writeback is modelled from the 4.13 era (4.2 in the kernel), with the loop over a dirty_throttle_control.</summary>
    public bool CgroupWriteback => RunsDtcLoop;

    /// <summary>bdi-&gt;wb_list less the root wb: the disk's cgwbs, in the order they were made.</summary>
    public IReadOnlyList<CgroupWb> CgroupWbs
    {
        get
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return wbList;
        }
    }

    /// <summary>
    /// wb_get_create: the wb of <paramref name="memcg"/> on the disk, made on first use
    /// (cgwb_create: its bandwidth at INIT_BW, bw_time_stamp now, the counts at 0); null for the
    /// root cgroup and in the eras without cgroup writeback (the root wb, bdi-&gt;wb), and null
    /// for an offline memcg, whose wb is out of the tree and for which cgwb_create links no new
    /// one (-ENODEV): the callers then take the root wb, as __inode_attach_wb and
    /// balance_dirty_pages_ratelimited do with a NULL wb.
    /// </summary>
    [Models("mm/backing-dev.c", "wb_get_create", "4.19")]
    [Models("mm/backing-dev.c", "cgwb_create", "4.19")]
    public CgroupWb? WbGetCreate(MemCgroup? memcg)
    {
        if (!CgroupWriteback || memcg is null || !memcg.Online)
        {
            return null;
        }

        if (memcg.Wb is { } wb)
        {
            return wb;
        }

        wb = new CgroupWb(memcg, Timers.Jiffies);
        memcg.Wb = wb;
        wbList.Add(wb);
        return wb;
    }

    /// <summary>
    /// wb_get_lookup (split out of wb_get_create in 5.4; before, the same radix-tree lookup of
    /// bdi-&gt;cgwb_tree inside it): the wb of <paramref name="memcg"/> if it exists, never made
    /// here; null for the root cgroup (the root wb), when the memcg has no wb yet, and when it is
    /// offline (cgwb_kill took its wb out of the tree). The lookup checks use, so that a check
    /// never changes bdi-&gt;wb_list.
    /// </summary>
    [Models("mm/backing-dev.c", "wb_get_lookup", "6.9")]
    public CgroupWb? WbGetLookup(MemCgroup? memcg) => CgroupWriteback && memcg is { Online: true } ? memcg.Wb : null;

    /// <summary>
    /// inode_attach_wb: at the inode's first dirtying, attach it to the wb of
    /// <paramref name="memcg"/> (the dirtied page's memcg in account_page_dirtied; the current
    /// task's in __mark_inode_dirty), made by wb_get_create if need be; once attached, i_wb stays
    /// until inode_switch_wbs moves it, whatever the mapping is charged to later. Nothing before
    /// cgroup writeback.
    /// </summary>
    [Models("include/linux/writeback.h", "inode_attach_wb", "4.19")]
    [Models("fs/fs-writeback.c", "__inode_attach_wb", "4.19")]
    [Models("fs/fs-writeback.c", "__inode_attach_wb", "6.9")]
    internal void InodeAttachWb(Inode inode, MemCgroup? memcg)
    {
        if (!CgroupWriteback || inode.WbAttached)
        {
            return;
        }

        // i_wb keeps wb_get_create's reference for as long as the inode is on the wb.
        var wb = WbGetCreate(memcg);
        WbGet(wb);
        inode.IWb = wb;
        inode.WbAttached = true;
    }

    /// <summary>
    /// inode_to_wb: the wb the inode is attached to (i_wb), null for the root wb; an inode not
    /// attached yet (never dirtied) is the root wb's, where the kernel's i_wb is still NULL and
    /// no caller looks. Never makes a wb. Null in every era without cgroup writeback.
    /// </summary>
    [Models("include/linux/backing-dev.h", "inode_to_wb", "4.19")]
    [Models("include/linux/backing-dev.h", "inode_to_wb", "6.9")]
    public CgroupWb? InodeToWb(Inode inode) => CgroupWriteback && inode.WbAttached ? inode.IWb : null;

    /// <summary>The bandwidth state of <paramref name="wb"/>: the cgwb's own, or the root wb's (<see cref="Bdi"/>).</summary>
    public BdiBandwidth BwOf(CgroupWb? wb) => wb?.Bandwidth ?? Bdi;

    /// <summary>wb-&gt;stat[WB_DIRTIED]: a cgwb's own count; the root wb's is NR_DIRTIED less the cgwbs', released ones included (unsigned, as the counters).</summary>
    public ulong WbDirtied(CgroupWb? wb) => wb?.Dirtied ?? (ulong)Vmstat.NrDirtied - ReleasedDirtied - CgroupWbs.Aggregate(0UL, (sum, w) => sum + w.Dirtied);

    /// <summary>wb-&gt;stat[WB_WRITTEN]: a cgwb's own count; the root wb's is NR_WRITTEN less the cgwbs', released ones included.</summary>
    public ulong WbWritten(CgroupWb? wb) => wb?.Written ?? (ulong)Vmstat.NrWritten - ReleasedWritten - CgroupWbs.Aggregate(0UL, (sum, w) => sum + w.Written);

    /// <summary>
    /// wb_stat(wb, WB_RECLAIMABLE) + wb_stat(wb, WB_WRITEBACK): the dirty and writeback pages of
    /// the wb's inodes; the root wb's are <paramref name="allDirty"/> (the machine's dirty,
    /// unstable and writeback pages) less every cgwb's.
    /// </summary>
    private ulong WbDirtyPages(CgroupWb? wb, ulong allDirty)
    {
        if (wb is not null)
        {
            return WbDirtyOf(wb);
        }

        return CgroupWbs.Aggregate(allDirty, (rest, w) => rest - Math.Min(rest, WbDirtyOf(w)));
    }

    /// <summary>wb-&gt;dirty_exceeded of <paramref name="wb"/>.</summary>
    private bool WbDirtyExceeded(CgroupWb? wb) => wb?.DirtyExceeded ?? DirtyExceeded;

    private void SetWbDirtyExceeded(CgroupWb? wb, bool value)
    {
        if (wb is null)
        {
            DirtyExceeded = value;
        }
        else
        {
            wb.DirtyExceeded = value;
        }
    }

    /// <summary>
    /// The wb as the throttle's arithmetic reads it for a dtc of the global domain
    /// (<paramref name="memcgDomain"/> false: its share of every wb's completions,
    /// wb-&gt;completions over the global wb_domain's) or of its memcg's (memcg_completions over
    /// the memcg's wb_domain's, which has this wb alone on the model's one disk); fprop's
    /// fraction is at most 1 and its denominator at least 1. Its bandwidth and ratelimit are the
    /// wb's own; its min and max ratios the disk's, scaled by the wb's part of the disk's write
    /// bandwidth (wb_min_max_ratio).
    /// </summary>
    [Models("lib/flex_proportions.c", "fprop_fraction_percpu", "4.19")]
    [Models("mm/page-writeback.c", "wb_min_max_ratio", "4.19")]
    private BdiWriteback WbNow(CgroupWb? wb, ulong wbDirty, bool memcgDomain)
    {
        var numerator = WbWritten(wb);
        var denominator = memcgDomain ? numerator : (ulong)Vmstat.NrWritten;
        denominator = Math.Max(denominator, Math.Max(numerator, 1));
        return BwOf(wb).Snapshot(wbDirty, 0) with
        {
            Numerator = numerator,
            Denominator = denominator,
            Strictlimit = kernel.BackingDev.Strictlimit,
            MaxRatio = WbMaxRatio(wb),
        };
    }

    /// <summary>The wb of a dtc, as the arithmetic reads it in the dtc's domain.</summary>
    private BdiWriteback WbNow(DirtyThrottleControl dtc, ulong wbDirty) => WbNow(dtc.Wb, wbDirty, dtc.Memcg is not null);

    /// <summary>
    /// wb_min_max_ratio's max (the model's disks have no min_ratio): with cgroup writeback a
    /// wb's max_ratio below 100 is scaled by its avg_write_bandwidth over the disk's
    /// tot_write_bandwidth, the sum over its wbs that have dirty inodes (WB_has_dirty_io) (the
    /// model counts a wb there while one of its inodes is dirty). Before cgroup writeback, and
    /// for a wb alone on the disk, the disk's max_ratio. Percent in every era: 6.x keeps ratios
    /// in finer units and rounds less.
    /// </summary>
    [Models("mm/page-writeback.c", "wb_min_max_ratio", "4.19")]
    private ulong WbMaxRatio(CgroupWb? wb)
    {
        var max = (ulong)kernel.BackingDev.MaxRatio;
        if (!CgroupWriteback || max >= 100)
        {
            return max;
        }

        var thisBw = BwOf(wb).AvgWriteBandwidth;
        var totBw = BdiTotWriteBandwidth();
        return thisBw < totBw ? max * thisBw / totBw : max;
    }

    /// <summary>
    /// bdi-&gt;tot_write_bandwidth: the avg_write_bandwidth of the disk's wbs with dirty io, summed
    /// (wb_io_lists_populated adds a wb's when it gets its first dirty inode, depopulated takes it
    /// off; the model sums over the wbs with one now).
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_io_lists_populated (tot_write_bandwidth)", "6.9")]
    internal ulong BdiTotWriteBandwidth() =>
        (WbHasDirtyIo(null) ? Bdi.AvgWriteBandwidth : 0) + CgroupWbs.Where(WbHasDirtyIo).Aggregate(0UL, (sum, w) => sum + w.Bandwidth.AvgWriteBandwidth);

    /// <summary>
    /// WB_has_dirty_io: one of the wb's inodes is on b_dirty, b_io or b_more_io (a wb not made yet
    /// has none). The bit follows the lists (wb_io_lists_populated/depopulated), not I_DIRTY: an
    /// inode being written stays on b_io (writeback_sb_inodes) or b_dirty (writeback_single_inode)
    /// under I_SYNC although its dirty bits are cleared, until requeue_inode or
    /// inode_cgwb_move_to_attached moves it after the write; an inode being marked dirty is on no
    /// list until __mark_inode_dirty's list_lock section.
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_io_lists_populated, wb_io_lists_depopulated", "6.9")]
    internal bool WbHasDirtyIo(CgroupWb? wb) =>
        kernel.Inodes.Any(inode => OnIoLists(inode.State) && InodeToWb(inode) == wb);

    /// <summary>
    /// An inode in this state is on its wb's b_dirty, b_io or b_more_io: dirty or being written,
    /// and not inside __mark_inode_dirty before its list_lock section (<see cref="InodeState.ListMovePending"/>).
    /// </summary>
    internal static bool OnIoLists(InodeState state) =>
        (state & (InodeState.DirtyPages | InodeState.Lock)) != 0 && (state & InodeState.ListMovePending) == 0;

    /// <summary>
    /// bdi_has_dirty_io: to 4.1 the one wb's lists (wb_has_dirty_io: b_dirty, b_io or b_more_io
    /// not empty, so an inode being written under I_SYNC with I_DIRTY_PAGES already cleared, as
    /// before 3.6, still counts); from 4.2 bdi-&gt;tot_write_bandwidth, "guaranteed to be &gt; 0 if
    /// there are any dirty wbs" (wb_update_write_bandwidth keeps each avg above 0): some wb of
    /// the disk with dirty io.
    /// </summary>
    [Models("mm/backing-dev.c", "bdi_has_dirty_io (wb_has_dirty_io(&bdi->wb))", "2.6.36")]
    [Models("include/linux/backing-dev.h", "bdi_has_dirty_io (tot_write_bandwidth)", "4.19")]
    internal bool BdiHasDirtyIo() => WbHasDirtyIo(null) || CgroupWbs.Any(WbHasDirtyIo);

    /// <summary>writeback_in_progress(wb): the root wb's as the model's one disk had it (a pdflush thread writing it), a cgwb's WB_writeback_running.</summary>
    [Models("include/linux/backing-dev.h", "writeback_in_progress", "4.19")]
    private bool WritebackInProgress(CgroupWb? wb) => wb?.WritebackRunning ?? kernel.BackingDev.WritebackInProgress();

    /// <summary>
    /// For checks: the dirtier's wb as balance_dirty_pages would take it, without making it
    /// (a check must not change the state): its memcg's wb (<see cref="WbGetLookup"/>), a fresh
    /// one, not listed, if the memcg has not dirtied yet, or null for the root wb.
    /// </summary>
    private CgroupWb? WbForCheck(TaskStruct task) =>
        !CgroupWriteback || task.Memcg is not { } memcg ? null : WbGetLookup(memcg) ?? new CgroupWb(memcg, Timers.Jiffies);
}
