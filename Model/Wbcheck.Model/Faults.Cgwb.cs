namespace Wbcheck.Model;

/// <summary>Bugs of cgroup writeback (4.2: a bdi_writeback per memcg) that can be switched in, each to prove the check meant to catch it.</summary>
public sealed partial record Faults
{
    /// <summary>
    /// The flushers walk every dirty inode of the disk, whichever wb it belongs to, as the one wb
    /// of a disk did before cgroup writeback: a memcg over its background threshold makes its
    /// flusher write the root's inodes too, and the root's flusher writes the memcg's.
    /// </summary>
    public bool FlusherIgnoresWb { get; init; }

    /// <summary>
    /// wb_writeout_inc credits the root wb for a completed page of a memcg's inode: the memcg's
    /// wb never counts WB_WRITTEN nor a completion in either domain, so its share of both
    /// domains' thresholds stays 0 and its write bandwidth estimate falls to nothing.
    /// </summary>
    public bool CgwbCompletionsToRoot { get; init; }

    /// <summary>
    /// The stat updates made outside the i_pages lock (clear_page_dirty_for_io,
    /// cancel_dirty_page, account_page_redirty) read i_wb bare, without the
    /// unlocked_inode_to_wb transaction (682aa8e1a6a1, 4.6): a switch's grace period does not wait
    /// for them, so an update that read the old wb can land on it after the switch moved the
    /// inode's stats to the new one (the old wb's WB_RECLAIMABLE goes below its pages, the new
    /// one's above).
    /// </summary>
    public bool WbTransactionDropped { get; init; }

    /// <summary>
    /// inode_switch_wbs's work moves the inode's stats without waiting for the RCU grace period
    /// after I_WB_SWITCH (a plain queue_work instead of call_rcu): a stat update that read the old
    /// wb inside its read-side section, before I_WB_SWITCH, lands on it after the move.
    /// </summary>
    public bool WbSwitchSkipsGracePeriod { get; init; }

    /// <summary>
    /// wbc_detach_inode forgets the inode's foreign history: each round's slots replace
    /// i_wb_frn_history instead of shifting into it, so no round (at most WB_FRN_HIST_MAX_SLOTS,
    /// 5, of the 9 foreign slots needed) ever switches a foreign inode to its owner's wb, however
    /// long the owner alone writes it.
    /// </summary>
    public bool WbVoteIgnoresHistory { get; init; }

    /// <summary>
    /// cleanup_offline_cgwb (5.14) compares each inode's wb with the dying wb instead of the wb it
    /// switches to (inode_to_wb(inode) == wb for == new_wb) and so skips every inode it walks:
    /// the dying wb keeps its clean inodes, and with them its memory and its memcg's, for good.
    /// </summary>
    public bool OfflineCleanupComparesOldWb { get; init; }

    /// <summary>
    /// wbc_attach_and_unlock_inode attaches the pass to the inode's wb without its wb_get, while
    /// wbc_detach_inode still drops one: the pass drops the reference the inode's i_wb holds, so
    /// a memcg taken offline releases its wb while the inode still points to it (a use after
    /// free of the wb, <see cref="Invariants.WbUseAfterFree"/>).
    /// </summary>
    public bool WbcAttachSkipsWbGet { get; init; }

    /// <summary>
    /// Eviction frees the inode without inode_detach_wb: its i_wb reference is never dropped, so
    /// a wb whose memcg went offline outlives its last inode for good (a leak of the wb, and of
    /// its memcg, not a use after free).
    /// </summary>
    public bool EvictKeepsWbReference { get; init; }
}
