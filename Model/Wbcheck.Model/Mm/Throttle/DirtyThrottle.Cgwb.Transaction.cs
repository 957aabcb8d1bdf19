using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// The unlocked_inode_to_wb transaction (682aa8e1a6a1, 4.6: "writeback: implement
/// unlocked_inode_to_wb transaction and use it for stat updates"): a page stat update made
/// outside the i_pages lock (clear_page_dirty_for_io, cancel_dirty_page, account_page_redirty)
/// reads i_wb inside an RCU read-side section, or, if I_WB_SWITCH is set, under the i_pages lock;
/// inode_switch_wbs sets I_WB_SWITCH and waits for an RCU grace period before it moves the
/// inode's stats under that lock, so every update lands on the wb the switch moves the stats
/// from, or on the new one after the move, never on the old one after it. 4.6 to 4.16 take the
/// lock with spin_lock_irq and a bool; 2e898e4c0a38 (4.17, "writeback: safer lock nesting") keeps
/// the interrupt state in a wb_lock_cookie (irqsave), because the old form re-enabled interrupts
/// under lock_page_memcg. The model has no interrupt state: one form for every era.
/// </summary>
public sealed partial class DirtyThrottle
{
    // A reader is an object of its own, not a number from a counter: two schedules that reach the
    // same readers by different paths are then the same state to the stateful search.
    private readonly List<RcuReader> rcuReaders = [];
    private WaitQueue? rcuQueue;
    private int iswNrInFlight;

    /// <summary>isw_nr_in_flight: switch works queued (by inode_switch_wbs, or a batch of cleanup_offline_cgwb) that have not finished.</summary>
    public int IswNrInFlight
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
            return iswNrInFlight;
        }

        internal set
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
            iswNrInFlight = value;
        }
    }

    /// <summary>
    /// unlocked_inode_to_wb_begin: rcu_read_lock, then, if I_WB_SWITCH is set, the i_pages lock
    /// (irqsave: no preemption point); the wb is i_wb. With
    /// <see cref="Faults.WbTransactionDropped"/> i_wb is read bare: no read-side section for a
    /// switch's grace period to wait for, and no lock while I_WB_SWITCH is set.
    /// </summary>
    [Models("include/linux/backing-dev.h", "unlocked_inode_to_wb_begin", "4.19")]
    [Models("include/linux/backing-dev.h", "unlocked_inode_to_wb_begin", "6.9")]
    internal WbLockCookie UnlockedInodeToWbBegin(Inode inode)
    {
        if (Faults.WbTransactionDropped)
        {
            return new WbLockCookie(inode, null, Locked: false, InodeToWb(inode));
        }

        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
        var reader = new RcuReader();
        rcuReaders.Add(reader);
        var locked = inode.WbSwitch;
        if (locked)
        {
            kernel.Filemap.XaLockIrqsave(inode.Mapping);
        }

        return new WbLockCookie(inode, reader, locked, InodeToWb(inode));
    }

    /// <summary>
    /// Whether another CPU acting between a transaction's read of i_wb and its update matters:
    /// outside the lock, where a switch can move i_wb meanwhile (one is in flight, or the inode
    /// is foreign to its wb: its mapping is charged to another memcg than its wb's, the inodes
    /// foreign detection switches). Only there does the model give that window a preemption
    /// point, so no scenario without switching gains a step.
    /// </summary>
    internal bool WbTransactionWindowOpen(WbLockCookie cookie) =>
        !cookie.Locked && (IswNrInFlight > 0 || InodeToWb(cookie.Inode)?.Memcg != cookie.Inode.Memcg);

    /// <summary>The window of <see cref="WbTransactionWindowOpen"/>: a preemption point.</summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask WbTransactionWindow(StepLabel label) => await kernel.Runtime.Schedule(PointKind.Yield, label);

    /// <summary>unlocked_inode_to_wb_end: drop the i_pages lock if begin took it, then rcu_read_unlock (a grace period waiting on this reader may end).</summary>
    [Models("include/linux/backing-dev.h", "unlocked_inode_to_wb_end", "4.19")]
    [Models("include/linux/backing-dev.h", "unlocked_inode_to_wb_end", "6.9")]
    internal void UnlockedInodeToWbEnd(WbLockCookie cookie)
    {
        if (cookie.Locked)
        {
            kernel.Filemap.XaUnlock();
        }

        if (cookie.Reader is null)
        {
            return;
        }

        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
        rcuReaders.Remove(cookie.Reader);
        if (rcuQueue is not null)
        {
            kernel.Runtime.WakeAll(rcuQueue);
        }
    }

    /// <summary>The RCU readers now in a read-side section: those a grace period begun now waits for.</summary>
    private RcuReader[] RcuReadersNow()
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
        return [.. rcuReaders];
    }

    /// <summary>
    /// The RCU grace period of call_rcu (4.x) or queue_rcu_work (5.14 on): wait until every
    /// reader in <paramref name="readers"/> has left its read-side section. Readers that began
    /// later are not waited for (they saw I_WB_SWITCH and take the lock).
    /// </summary>
    [Models("kernel/rcu/tree.c", "synchronize_rcu (grace period of call_rcu)", "4.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask WaitForRcuReaders(RcuReader[] readers, StepLabel label)
    {
        rcuQueue ??= new WaitQueue("rcu grace period");
        while (!Faults.WbSwitchSkipsGracePeriod)
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
            if (!readers.Any(rcuReaders.Contains))
            {
                return;
            }

            await kernel.Runtime.Sleep(rcuQueue, label);
        }
    }

    /// <summary>struct wb_lock_cookie, with the wb begin read and the RCU reader it registered (null for none).</summary>
    internal readonly record struct WbLockCookie(Inode Inode, RcuReader? Reader, bool Locked, Mm.Memcg.CgroupWb? Wb);

    /// <summary>One RCU read-side section: compared by identity.</summary>
    internal sealed class RcuReader;
}
