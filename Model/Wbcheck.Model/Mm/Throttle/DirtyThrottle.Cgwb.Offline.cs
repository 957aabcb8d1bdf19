using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// A memcg taken offline (its directory removed) and its dying wb. wb_memcg_offline kills the
/// memcg's wb (cgwb_kill: out of bdi-&gt;cgwb_tree, its reference count killed: wb_dying) and
/// cuts memcg_cgwb_list, so no wb is made for the memcg again; the inodes attached to the wb
/// stay on it. From 5.14 (c22d70a162d3, Roman Gushchin, "writeback, cgroup: release dying
/// cgwbs by switching attached inodes") wb_memcg_offline also puts the wb on offline_cgwbs and
/// queues cleanup_offline_cgwbs_work, which, for a wb without dirty inodes (wb_has_dirty_io),
/// switches the inodes on its b_attached list (attached and clean) to the parent memcg's wb in
/// batches of up to WB_MAX_INODES_PER_ISW - 1 (the root wb in the model, which has one memcg
/// level): each inode claimed with I_WB_SWITCH as inode_switch_wbs claims it, each batch counted
/// once in isw_nr_in_flight and moved by its own switch work after a grace period, the walk
/// restarted while a batch fills. A wb with a dirty inode is skipped and stays on offline_cgwbs;
/// the next memcg offlined retries it (no timer: the patch's message says so), so its inodes
/// may stay on the dying wb for good. Before 5.14 no cleanup: an inode stays on the dying wb
/// until foreign detection moves it. Once the last inode has left and every other holder has
/// dropped its reference, the wb is released (DirtyThrottle.Cgwb.Release.cs), in every era.
/// </summary>
public sealed partial class DirtyThrottle
{
    private readonly List<CgroupWb> offlineCgwbs = [];
    private bool cleanupOfflineCgwbsPending;

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
        if (memcg.Wb is { } wb)
        {
            CgwbKill(wb);
        }

        // Queued whether or not this memcg had a wb: the work retries every wb still on
        // offline_cgwbs, those an earlier offline's cleanup skipped.
        if (kernel.Era.CleansUpOfflineCgwbs())
        {
            QueueCleanupOfflineCgwbsWork();
        }
    }

    /// <summary>
    /// offline_cgwbs (5.14): the killed wbs not yet released, which the cleanup work walks;
    /// cgwb_kill adds a wb, its release takes it off. A wb the cleanup skipped stays for the next
    /// memcg's offline to retry.
    /// </summary>
    internal List<CgroupWb> OfflineCgwbs
    {
        get
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return offlineCgwbs;
        }
    }

    /// <summary>
    /// WB_MAX_INODES_PER_ISW: the slots of a batch switch work, the last a NULL terminator, so a
    /// batch holds one inode fewer. 115 in c22d70a162d3 (5.14), then computed to fill the
    /// 1024-byte allocation, (1024 - sizeof(struct inode_switch_wbs_context)) / sizeof(struct
    /// inode *), 120 on a 64-bit kernel. The model's disk has far fewer inodes; a test sets a
    /// small value to see a dying wb emptied over several batches.
    /// </summary>
    [Models("fs/fs-writeback.c", "WB_MAX_INODES_PER_ISW", "6.9")]
    internal int WbMaxInodesPerIsw { get; set; } = 120;

    /// <summary>
    /// queue_work(system_unbound_wq, &amp;cleanup_offline_cgwbs_work): a model thread, unless the
    /// work is queued and has not started yet (queue_work of a pending work does nothing; once it
    /// runs it may be queued again).
    /// </summary>
    private void QueueCleanupOfflineCgwbsWork()
    {
        if (cleanupOfflineCgwbsPending)
        {
            return;
        }

        cleanupOfflineCgwbsPending = true;
        kernel.Runtime.Spawn("cleanup_offline_cgwbs", async () => await CleanupOfflineCgwbsWorkfn());
    }

    /// <summary>
    /// cleanup_offline_cgwbs_workfn: each wb on offline_cgwbs once, skipped while it has dirty
    /// inodes (wb_has_dirty_io: switching them would lift their memcg's bandwidth limits) or when
    /// its last reference is gone already (wb_tryget), else emptied by cleanup_offline_cgwb,
    /// called again, after a cond_resched, while a full batch asks to restart. The wb is held
    /// by a reference while its batches are queued; dropping it may release the wb.
    /// </summary>
    [Models("mm/backing-dev.c", "cleanup_offline_cgwbs_workfn", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask CleanupOfflineCgwbsWorkfn()
    {
        cleanupOfflineCgwbsPending = false;
        var processed = new List<CgroupWb>();
        while (OfflineCgwbs.FirstOrDefault(w => !processed.Contains(w)) is { } wb)
        {
            processed.Add(wb);
            foreach (var observer in kernel.Observers)
            {
                observer.OfflineCgwbCleanup(wb);
            }

            if (WbHasDirtyIo(wb) || !WbTryget(wb))
            {
                continue;
            }

            while (CleanupOfflineCgwb(wb))
            {
                await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel("cond_resched"));
            }

            WbPut(wb);
        }
    }

    /// <summary>
    /// cleanup_offline_cgwb: claim the inodes on <paramref name="wb"/>'s b_attached list, then
    /// on its b_dirty_time list (<see cref="IswPrepareWbsSwitch"/>), that inode_prepare_wbs_switch
    /// accepts (not switching, not being freed, not on the new wb), with I_WB_SWITCH, up to a batch of
    /// <see cref="WbMaxInodesPerIsw"/> less one, and queue one switch work for the batch to the
    /// parent's wb (the root wb: the model's memcgs have no other parent). isw_nr_in_flight
    /// counts the batch once, from before the walk, and drops again if nothing was claimed.
    /// True when the batch filled: the caller calls again for the inodes left (those claimed
    /// now are skipped then: they are switching).
    /// </summary>
    [Models("fs/fs-writeback.c", "cleanup_offline_cgwb", "6.9")]
    internal bool CleanupOfflineCgwb(CgroupWb wb)
    {
        IswNrInFlight++;
        CgroupWb? newWb = null;
        var batch = new List<Inode>();
        // b_attached first, then, while the batch has room, b_dirty_time (lazytime inodes, whose
        // timestamps alone are dirty: the kernel switches them too, their metadata writeback not
        // being charged to any memcg).
        var restart = IswPrepareWbsSwitch(wb, newWb, batch, dirtyTime: false) || IswPrepareWbsSwitch(wb, newWb, batch, dirtyTime: true);

        if (batch.Count == 0)
        {
            IswNrInFlight--;
            return restart;
        }

        var readers = RcuReadersNow();
        Inode[] inodes = [.. batch];
        kernel.Runtime.Spawn($"inode_switch_wbs {string.Join(",", inodes.Select(i => i.Ino))}", async () => await InodeSwitchWbsWorkFn(inodes, newWb, readers));
        return restart;
    }

    /// <summary>
    /// isw_prepare_wbs_switch over one of <paramref name="wb"/>'s lists: b_attached (the model:
    /// attached to it, with no dirty pages, not under I_SYNC, during which the kernel keeps it on
    /// the list it was on, and no dirty timestamps) or, with <paramref name="dirtyTime"/>,
    /// b_dirty_time (the same but with I_DIRTY_TIME). Claims each inode
    /// inode_prepare_wbs_switch accepts into <paramref name="batch"/>; true when the batch is full
    /// (its last slot ends the array).
    /// </summary>
    [Models("fs/fs-writeback.c", "isw_prepare_wbs_switch", "6.9")]
    [Models("fs/fs-writeback.c", "inode_prepare_wbs_switch", "6.9")]
    private bool IswPrepareWbsSwitch(CgroupWb wb, CgroupWb? newWb, List<Inode> batch, bool dirtyTime)
    {
        foreach (var inode in kernel.Inodes)
        {
            if (InodeToWb(inode) != wb || (inode.State & (InodeState.DirtyPages | InodeState.Lock)) != 0
                || ((inode.State & InodeState.DirtyTime) != 0) != dirtyTime)
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
            if (batch.Count >= WbMaxInodesPerIsw - 1)
            {
                return true;
            }
        }

        return false;
    }
}
