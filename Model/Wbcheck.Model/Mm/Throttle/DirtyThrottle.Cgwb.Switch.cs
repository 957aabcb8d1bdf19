using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// inode_switch_wbs (cgroup writeback, 4.2): move an inode to another wb. The caller claims the
/// inode (I_WB_SWITCH) and defers the move past an RCU grace period (call_rcu then a work item
/// on isw_wq in 4.x; queue_rcu_work from 5.14): by then every stat update that read i_wb
/// without the lock has finished (<see cref="UnlockedInodeToWbBegin"/>), and every later one
/// takes the i_pages lock. The work, under both wbs' list_lock, i_lock and the i_pages lock,
/// moves the inode's WB_RECLAIMABLE (its DIRTY-tagged pages that are PG_dirty) and
/// WB_WRITEBACK (its WRITEBACK-tagged pages) to the new wb, points i_wb at it (the inode goes
/// on the new wb's b_dirty with its dirtied_when: the model's per-wb walk filters by i_wb, also
/// as it takes each inode, so a walk of the old wb begun before the switch skips it),
/// clears I_WB_SWITCH, and wakes the new wb. WB_DIRTIED and WB_WRITTEN stay where they were
/// counted. The model's switch work is a model thread of its own; from 5.14 one work may move a
/// batch of inodes (cleanup_offline_cgwb's, <see cref="CleanupOfflineCgwb"/>), each in its own
/// locked section, counted once in isw_nr_in_flight.
/// </summary>
public sealed partial class DirtyThrottle
{
    /// <summary>WB_FRN_MAX_IN_FLIGHT: inode_switch_wbs queues no new switch while more are in flight (5.4).</summary>
    [Models("fs/fs-writeback.c", "WB_FRN_MAX_IN_FLIGHT", "6.9")]
    public const int WbFrnMaxInFlight = 1024;

    private int wbSwitches;

    /// <summary>Switches that moved an inode (the cumulative WB_DIRTIED/WB_WRITTEN no longer describe a wb's pages after one).</summary>
    public int WbSwitches
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return wbSwitches;
        }

        private set
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
            wbSwitches = value;
        }
    }

    /// <summary>
    /// inode_switch_wbs(inode, new_wb_id): a no-op if a switch of the inode is in progress, if
    /// too many switches are in flight (more than <see cref="WbFrnMaxInFlight"/>, from 5.4), if
    /// sync(2) holds wb_switch_rwsem (5.0 to 5.3), if
    /// <paramref name="memcg"/> is offline (wb_get_create makes no wb for it: cgwb_create links
    /// none once wb_memcg_offline has cut memcg_cgwb_list, and returns -ENODEV), if the inode is
    /// being freed, not attached yet, or already on the wb of <paramref name="memcg"/> (null:
    /// the root wb); else I_WB_SWITCH, and the switch work queued behind a grace period.
    /// </summary>
    [Models("fs/fs-writeback.c", "inode_switch_wbs", "4.19")]
    [Models("fs/fs-writeback.c", "inode_switch_wbs", "5.0")]
    [Models("fs/fs-writeback.c", "inode_switch_wbs", "6.9")]
    public void InodeSwitchWbs(Inode inode, MemCgroup? memcg)
    {
        if (!CgroupWriteback)
        {
            throw new InvalidOperationException("inode_switch_wbs: the model has cgroup writeback (4.2) from its 4.13 era only");
        }

        // Noop if seems to be already in progress.
        if (inode.WbSwitch)
        {
            return;
        }

        // From 5.4 a storm of votes may not queue switch works without bound (each pins an
        // inode and waits out a grace period); past the cap the vote is simply tried again later.
        if (kernel.Era.CapsWbSwitchesInFlight() && IswNrInFlight > WbFrnMaxInFlight)
        {
            return;
        }

        // 5.0 to 5.3 bounded them another way: no new switch while sync(2) holds
        // wb_switch_rwsem (down_read_trylock, dropped again before returning: nothing in between
        // sleeps, so the model takes and drops it at once).
        if (kernel.Era.SyncExcludesWbSwitches() && !kernel.Era.CapsWbSwitchesInFlight())
        {
            var rwsem = kernel.BackingDev.WbSwitchRwsem;
            if (!rwsem.DownReadTrylock())
            {
                return;
            }

            rwsem.UpRead(kernel.Runtime);
        }

        if (memcg is { Online: false })
        {
            return;
        }

        var newWb = WbGetCreate(memcg);
        // The kernel looks at I_WB_SWITCH again under i_lock (the first look was unlocked); the
        // model's steps between the two looks cannot set it, so this one never fires here.
        if (inode.Freeing || !inode.WbAttached || inode.WbSwitch || InodeToWb(inode) == newWb)
        {
            return;
        }

        // While I_WB_SWITCH is held no one else updates the association; the stat updates
        // outside the lock take it from the next transaction on.
        inode.WbSwitch = true;
        IswNrInFlight++;

        // isw->new_wb keeps wb_get_create's reference until the work ends (the kernel takes it
        // before the checks above and drops it on their way out; nothing runs between here).
        WbGet(newWb);
        var readers = RcuReadersNow();
        kernel.Runtime.Spawn($"inode_switch_wbs {inode.Ino}", async () => await InodeSwitchWbsWorkFn([inode], newWb, readers));
    }

    /// <summary>
    /// The switch work, after the grace period of the readers in <paramref name="readers"/>:
    /// inode_do_switch_wbs for each inode of the batch (one, or cleanup_offline_cgwb's), then a
    /// wake-up of the new wb if one moved, and the work is no longer in flight.
    /// </summary>
    [Models("fs/fs-writeback.c", "inode_switch_wbs_rcu_fn", "4.19")]
    [Models("fs/fs-writeback.c", "inode_switch_wbs_work_fn", "4.19")]
    [Models("fs/fs-writeback.c", "inode_switch_wbs_work_fn", "5.0")]
    [Models("fs/fs-writeback.c", "inode_switch_wbs_work_fn", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask InodeSwitchWbsWorkFn(Inode[] inodes, CgroupWb? newWb, RcuReader[] readers)
    {
        await WaitForRcuReaders(readers, new StepLabel("synchronize_rcu", inodes[0].Ino));

        // Every inode of a batch is on one wb, and stays there while it holds I_WB_SWITCH.
        var oldWb = InodeToWb(inodes[0]);

        // From 5.0 the move waits while sync(2)'s works run (sync_inodes_sb holds the rwsem for
        // writing), so sync cannot miss an inode that changes wb under it.
        var rwsem = kernel.Era.SyncExcludesWbSwitches() ? kernel.BackingDev.WbSwitchRwsem : null;
        if (rwsem is not null)
        {
            await rwsem.DownRead(kernel.Runtime, new StepLabel("inode_switch_wbs_work_fn (down_read)", inodes[0].Ino));
        }

        var switched = 0;
        foreach (var inode in inodes)
        {
            switched += await InodeDoSwitchWbs(inode, newWb) ? 1 : 0;
        }

        rwsem?.UpRead(kernel.Runtime);

        if (switched > 0)
        {
            // wb_wakeup(new_wb): its flusher looks at its thresholds. Then the moved inodes'
            // references to the old wb go (wb_put_many): the last may release a dying wb.
            WbStartBackgroundWriteback(newWb);
            WbPut(oldWb, switched);
        }

        WbPut(newWb);
        IswNrInFlight--;
    }

    /// <summary>
    /// Move one inode to <paramref name="newWb"/>: under both wbs' list_lock, i_lock and the
    /// i_pages lock (one atomic section in the model, entered at one preemption point), unless it
    /// is being freed; I_WB_SWITCH is cleared either way. True if it moved.
    /// </summary>
    [Models("fs/fs-writeback.c", "inode_switch_wbs_work_fn", "4.19")]
    [Models("fs/fs-writeback.c", "inode_do_switch_wbs", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<bool> InodeDoSwitchWbs(Inode inode, CgroupWb? newWb)
    {
        var mapping = inode.Mapping;
        await kernel.Filemap.XaLock(mapping, new StepLabel("inode_switch_wbs_work_fn", inode.Ino));
        var oldWb = InodeToWb(inode);
        var switched = false;

        // Once I_FREEING is visible the eviction path owns the inode.
        if (!inode.Freeing)
        {
            var tree = mapping.Pages;
            for (var index = tree.FindNext(0, long.MaxValue, XaMark.Dirty); index >= 0; index = tree.FindNext(index + 1, long.MaxValue, XaMark.Dirty))
            {
                if (tree.Load(index) is { Dirty: true })
                {
                    WbStatReclaimable(oldWb, -1);
                    WbStatReclaimable(newWb, 1);
                }
            }

            for (var index = tree.FindNext(0, long.MaxValue, XaMark.Writeback); index >= 0; index = tree.FindNext(index + 1, long.MaxValue, XaMark.Writeback))
            {
                if (tree.Load(index) is not null)
                {
                    WbStatWritebackOf(oldWb, -1);
                    WbStatWritebackOf(newWb, 1);
                }
            }

            // The inode's i_wb holds a reference of its own to the new wb (wb_get).
            WbGet(newWb);
            inode.IWb = newWb;

            // A new wb, a new history: the foreign detection starts over.
            inode.WbFrnWinner = 0;
            inode.WbFrnAvgTime = 0;
            inode.WbFrnHistory = 0;
            WbSwitches++;
            switched = true;
        }

        // The new wb is visible to anyone who sees I_WB_SWITCH cleared (smp_store_release).
        inode.WbSwitch = false;
        kernel.Filemap.XaUnlock();
        return switched;
    }
}
