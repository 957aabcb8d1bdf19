using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// A memcg taken offline (its directory removed) and its dying wb. wb_memcg_offline kills the
/// memcg's wb (cgwb_kill: out of bdi-&gt;cgwb_tree, its reference count killed: wb_dying) and
/// cuts memcg_cgwb_list, so no wb is made for the memcg again; the inodes attached to the wb
/// stay on it. From 5.14 (c22d70a162d3, Roman Gushchin, "writeback, cgroup: release dying
/// cgwbs by switching attached inodes") wb_memcg_offline also puts the wb on offline_cgwbs and
/// queues cleanup_offline_cgwbs_work, which, for a wb without dirty inodes (wb_has_dirty_io),
/// switches the inodes on its b_attached list (attached and clean) to the parent memcg's wb in
/// one batch (the root wb in the model, which has one memcg level): each inode claimed with
/// I_WB_SWITCH as inode_switch_wbs claims it, the batch counted once in isw_nr_in_flight, and
/// moved by the one switch work after one grace period. A wb with a dirty inode is skipped and
/// stays on offline_cgwbs; the next memcg offlined retries it (no timer: the patch's message
/// says so), so its inodes may stay on the dying wb for good. Before 5.14 no cleanup: an
/// inode stays on the dying wb until foreign detection moves it.
/// </summary>
public sealed partial class DirtyThrottle
{
    /// <summary>
    /// mem_cgroup_css_offline's part in writeback, wb_memcg_offline: <paramref name="memcg"/>
    /// goes offline (CSS_ONLINE cleared, css_is_dying), its wb, if it has one, is killed
    /// (<see cref="CgroupWb.Dying"/>; no lookup finds it, <see cref="WbGetCreate"/> makes none
    /// for the memcg), and from 5.14 the cleanup work is queued (a model thread,
    /// "cleanup_offline_cgwbs"). A memcg without tasks is what the kernel takes offline: the
    /// caller moves no task of it afterwards.
    /// </summary>
    [Models("mm/memcontrol.c", "mem_cgroup_css_offline", "6.9")]
    [Models("mm/backing-dev.c", "wb_memcg_offline", "4.19")]
    [Models("mm/backing-dev.c", "wb_memcg_offline", "6.9")]
    [Models("mm/backing-dev.c", "cgwb_kill", "6.9")]
    public void MemCgroupCssOffline(MemCgroup memcg)
    {
        ArgumentNullException.ThrowIfNull(memcg);
        if (!CgroupWriteback)
        {
            throw new InvalidOperationException("mem_cgroup_css_offline: the model has cgroup writeback (4.2) from its 4.13 era only");
        }

        if (!memcg.Online)
        {
            throw new InvalidOperationException($"{memcg} is offline already: a css goes offline once");
        }

        memcg.Online = false;
        if (memcg.Wb is not { } wb)
        {
            return;
        }

        wb.Dying = true;
        if (kernel.Era.CleansUpOfflineCgwbs())
        {
            kernel.Runtime.Spawn("cleanup_offline_cgwbs", () =>
            {
                CleanupOfflineCgwbsWorkfn(wb);
                return Task.CompletedTask;
            });
        }
    }

    /// <summary>
    /// cleanup_offline_cgwbs_workfn for the one dying wb: skipped while it has dirty inodes
    /// (wb_has_dirty_io; it stays on offline_cgwbs), else cleanup_offline_cgwb (which the
    /// kernel calls again while it asks to restart, when a batch of WB_MAX_INODES_PER_ISW is
    /// full: never on the model's disk, which has fewer inodes than a batch).
    /// </summary>
    [Models("mm/backing-dev.c", "cleanup_offline_cgwbs_workfn", "6.9")]
    internal void CleanupOfflineCgwbsWorkfn(CgroupWb wb)
    {
        foreach (var observer in kernel.Observers)
        {
            observer.OfflineCgwbCleanup(wb);
        }

        if (WbHasDirtyIo(wb))
        {
            return;
        }

        CleanupOfflineCgwb(wb);
    }

    /// <summary>
    /// cleanup_offline_cgwb: claim every inode on <paramref name="wb"/>'s b_attached list (the
    /// model: attached to it, with no dirty pages, and not under I_SYNC, during which the kernel
    /// keeps it on the list it was on) that inode_prepare_wbs_switch accepts (not switching, not
    /// being freed, not on the new wb), and queue one switch work for the batch to the parent's
    /// wb (the root wb: the model's memcgs have no other parent). isw_nr_in_flight counts the
    /// batch once, from before the walk, and drops again if nothing was claimed.
    /// </summary>
    [Models("fs/fs-writeback.c", "cleanup_offline_cgwb", "6.9")]
    [Models("fs/fs-writeback.c", "inode_prepare_wbs_switch", "6.9")]
    internal void CleanupOfflineCgwb(CgroupWb wb)
    {
        IswNrInFlight++;
        CgroupWb? newWb = null;
        var batch = new List<Inode>();
        foreach (var inode in kernel.Inodes)
        {
            if (InodeToWb(inode) != wb || (inode.State & (InodeState.DirtyPages | InodeState.Lock)) != 0)
            {
                continue;
            }

            // inode_prepare_wbs_switch's "already on the new wb": never true here (the new wb is
            // the root's, and the walk takes only the dying wb's inodes), kept as the kernel has it
            // for a hierarchy the model does not build; the fault compares with the old wb instead.
            if (Faults.OfflineCleanupComparesOldWb ? InodeToWb(inode) == wb : InodeToWb(inode) == newWb)
            {
                continue;
            }

            if (inode.WbSwitch || inode.Freeing)
            {
                continue;
            }

            inode.WbSwitch = true;
            batch.Add(inode);
        }

        if (batch.Count == 0)
        {
            IswNrInFlight--;
            return;
        }

        var readers = RcuReadersNow();
        Inode[] inodes = [.. batch];
        kernel.Runtime.Spawn($"inode_switch_wbs {string.Join(",", inodes.Select(i => i.Ino))}", async () => await InodeSwitchWbsWorkFn(inodes, newWb, readers));
    }
}
