using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// The references of a cgwb and its release (cgroup writeback, 4.2; mm/backing-dev.c). A wb
/// lives while its percpu_ref is not 0: cgwb_create's initial reference, dropped when its memcg
/// goes offline (cgwb_kill's percpu_ref_kill), and one per holder of a pointer to it: an inode's
/// i_wb (__inode_attach_wb keeps wb_get_create's; inode_do_switch_wbs takes one on the new wb and
/// its work drops the old wb's, wb_put_many), a switch work's new_wb (inode_switch_wbs), a
/// writeback pass attached to the wb (wbc_attach_and_unlock_inode's wb_get, wbc_detach_inode's
/// wb_put), and the dying-wb cleanup while it walks the wb (wb_tryget). The root wb (null) is
/// not counted: wb_get and wb_put of bdi-&gt;wb do nothing. When the count of a killed wb reaches
/// 0, cgwb_release queues its release work, which shuts the wb down (no more wake-ups, off
/// bdi-&gt;wb_list, its flusher and bandwidth works flushed), takes it off offline_cgwbs and frees
/// it; a pointer kept without a reference then dangles (<see cref="WbUseAfterFree"/>). The
/// model's transient references (locked_inode_to_wb_and_lock_list's, balance_dirty_pages' wb of
/// the dirtier's online memcg) are not counted: they are dropped within the step that takes
/// them, or held by a task of an online memcg, which the kernel never takes offline.
/// </summary>
public sealed partial class DirtyThrottle
{
    private ulong releasedDirtied;
    private ulong releasedWritten;
    private WaitQueue? wbShutdownQueue;

    /// <summary>wb_get: one more reference to <paramref name="wb"/> (nothing for the root wb, null).</summary>
    [Models("include/linux/backing-dev-defs.h", "wb_get", "6.9")]
    internal static void WbGet(CgroupWb? wb)
    {
        if (wb is not null)
        {
            wb.Refcnt++;
        }
    }

    /// <summary>wb_tryget (percpu_ref_tryget): a reference if the wb still has one, killed or not.</summary>
    [Models("include/linux/backing-dev-defs.h", "wb_tryget", "6.9")]
    internal static bool WbTryget(CgroupWb wb)
    {
        if (wb.Refcnt <= 0)
        {
            return false;
        }

        wb.Refcnt++;
        return true;
    }

    /// <summary>
    /// wb_put (wb_put_many for <paramref name="count"/> more than 1): drop references; the last of
    /// a killed wb queues its release (cgwb_release). A reference dropped that nobody held is
    /// percpu_ref's underflow warning, reported as a use after free: its holder's pointer was
    /// never counted.
    /// </summary>
    [Models("include/linux/backing-dev-defs.h", "wb_put_many", "6.9")]
    [Models("mm/backing-dev.c", "cgwb_release", "6.9")]
    internal void WbPut(CgroupWb? wb, int count = 1)
    {
        if (wb is null)
        {
            return;
        }

        for (var i = 0; i < count; i++)
        {
            if (wb.Refcnt <= 0)
            {
                throw new InvariantViolationException(WbUseAfterFree.Name, $"wb_put on the wb of memcg {wb.Memcg.Name}, whose references are all dropped already (percpu ref <= 0)");
            }

            wb.Refcnt--;
            if (wb.Refcnt == 0 && wb.Dying)
            {
                CgwbRelease(wb);
            }
        }
    }

    /// <summary>
    /// inode_detach_wb, from __destroy_inode once evict's clear_inode has set I_CLEAR (the
    /// model's <see cref="Fs.Inode.Evicted"/>): the inode's i_wb reference goes (wb_put) and
    /// i_wb is NULL again, so the last inode of a killed wb evicted releases it. Nothing for an
    /// inode never attached, and nothing before cgroup writeback (4.2, with inode_attach_wb).
    /// </summary>
    [Models("include/linux/writeback.h", "inode_detach_wb", "4.19")]
    [Models("include/linux/writeback.h", "inode_detach_wb", "6.9")]
    [Models("fs/inode.c", "__destroy_inode (inode_detach_wb)", "6.9")]
    internal void InodeDetachWb(Fs.Inode inode)
    {
        if (!CgroupWriteback || !inode.WbAttached)
        {
            return;
        }

        // The kernel's WARN_ON_ONCE(!(inode->i_state & I_CLEAR)): only a cleared inode lets go.
        Diagnostics.Bug.On(!inode.Evicted, "inode_detach_wb", $"{inode} detached from its wb before clear_inode");
        var wb = inode.IWb;
        inode.IWb = null;
        inode.WbAttached = false;
        if (!kernel.Faults.EvictKeepsWbReference)
        {
            WbPut(wb);
        }
    }

    /// <summary>
    /// cgwb_kill's part in the wb's life: out of bdi-&gt;cgwb_tree and its memcg's list, onto
    /// offline_cgwbs (5.14), and percpu_ref_kill, which drops the initial reference: the wb is
    /// released once its other holders are gone.
    /// </summary>
    [Models("mm/backing-dev.c", "cgwb_kill", "6.9")]
    private void CgwbKill(CgroupWb wb)
    {
        wb.Dying = true;
        if (kernel.Era.CleansUpOfflineCgwbs())
        {
            OfflineCgwbs.Add(wb);
        }

        WbPut(wb);
    }

    /// <summary>cgwb_release: queue the wb's release work on cgwb_release_wq (a model thread).</summary>
    private void CgwbRelease(CgroupWb wb) =>
        kernel.Runtime.Spawn($"cgwb_release {wb.Memcg.Name}", async () => await CgwbReleaseWorkfn(wb));

    /// <summary>
    /// cgwb_release_workfn: wb_shutdown, the wb off offline_cgwbs, and the wb freed (kfree_rcu;
    /// the model frees at once: every RCU reader of i_wb that could see this wb left its section
    /// before the switch work that dropped the wb's last inode reference). The kernel warns if
    /// an inode is still on b_attached; the model reports any inode whose i_wb still points here.
    /// Its counts of dirtied and written pages leave the root wb's derived ones (the machine's
    /// less the cgwbs') unchanged. The model has one release at a time on its one disk, so
    /// bdi-&gt;cgwb_release_mutex (against cgwb_bdi_unregister) is not modelled.
    /// </summary>
    [Models("mm/backing-dev.c", "cgwb_release_workfn", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask CgwbReleaseWorkfn(CgroupWb wb)
    {
        await WbShutdown(wb);
        OfflineCgwbs.Remove(wb);
        if (kernel.Inodes.FirstOrDefault(inode => inode.WbAttached && inode.IWb == wb) is { } attached)
        {
            throw new InvariantViolationException(WbUseAfterFree.Name, $"cgwb_release_workfn freed the wb of memcg {wb.Memcg.Name} while {attached}'s i_wb still points to it (a holder took no reference)");
        }

        wb.Free("cgwb_release_workfn");
    }

    /// <summary>
    /// wb_shutdown: clear WB_registered (wb_wakeup queues nothing from now), take the wb off
    /// bdi-&gt;wb_list, then flush its works: wait for its flusher (mod_delayed_work and
    /// flush_delayed_work of dwork) and run its bandwidth work now if pending (bw_dwork, 6.9).
    /// </summary>
    [Models("mm/backing-dev.c", "wb_shutdown", "6.9")]
    [Models("mm/backing-dev.c", "cgwb_remove_from_bdi_list", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WbShutdown(CgroupWb wb)
    {
        if (!wb.Registered)
        {
            return;
        }

        wb.Registered = false;
        wbList.Remove(wb);
        releasedDirtied += wb.Dirtied;
        releasedWritten += wb.Written;
        wbShutdownQueue ??= new WaitQueue("wb_shutdown's flush of dwork");
        while (wb.FlusherWoken)
        {
            await kernel.Runtime.Sleep(wbShutdownQueue, new StepLabel("flush_delayed_work", 0));
        }

        if (wb.BwDwork is { } bwDwork && Timers.DelTimer(bwDwork))
        {
            bwDwork.Function();
        }
    }

    /// <summary>The wb's flusher work has finished: wake a wb_shutdown flushing it.</summary>
    private void WbFlusherDone()
    {
        if (wbShutdownQueue is not null)
        {
            kernel.Runtime.WakeAll(wbShutdownQueue);
        }
    }

    /// <summary>The released cgwbs' WB_DIRTIED, which the root wb's derived count must not take as its own.</summary>
    private ulong ReleasedDirtied
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return releasedDirtied;
        }
    }

    /// <summary>The released cgwbs' WB_WRITTEN, likewise.</summary>
    private ulong ReleasedWritten
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return releasedWritten;
        }
    }
}
