using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Fs;

/// <summary>
/// Foreign inode detection (cgroup writeback, 4.2, 2a81490811d0 "writeback: implement foreign
/// cgroup inode detection"). An inode belongs to the wb of the memcg that first dirtied it; when
/// other memcgs own most of what its writeback writes, cgroup writeback moves it to the winner's
/// wb. Each writeback pass of the inode is attached to it (wbc_attach_and_unlock_inode), counts the
/// bytes it submits by owning memcg (wbc_account_io; wbc_account_cgroup_owner from 5.3,
/// 34e51a5e1a6e), and votes when it detaches (wbc_detach_inode, the arithmetic in
/// <see cref="WbForeignVote"/>); a verdict of "foreign" calls inode_switch_wbs.
/// </summary>
public sealed partial class FsWriteback
{
    /// <summary>
    /// wbc_attach_and_unlock_inode: attach the pass to the inode's wb, and start the owner
    /// histogram with the last round's winner as a candidate. Nothing without cgroup writeback
    /// (inode_cgwb_enabled false). The kernel also tries to switch an inode off a dying wb here
    /// (e8a7abf5a5bd, 4.2), to refresh it after its memcg's blkcg changed; from Tejun Heo's
    /// "cgroup,writeback: don't switch wbs immediately on dead wbs if the memcg is dead" (Nov
    /// 2019, its release [R]) not when the memcg itself is dying. The model's wbs die only with
    /// their memcg (no blkcg), and a switch to an offline memcg's wb fails at wb_get_create in
    /// every era (<see cref="Mm.Throttle.DirtyThrottle.InodeSwitchWbs"/>), so both forms leave
    /// the inode where it is: not modelled.
    /// </summary>
    [Models("fs/fs-writeback.c", "wbc_attach_and_unlock_inode", "4.19")]
    [Models("fs/fs-writeback.c", "wbc_attach_and_unlock_inode", "6.9")]
    public void WbcAttachAndUnlockInode(WritebackControl wbc, Inode inode)
    {
        var throttle = kernel.Throttle;
        if (!throttle.CgroupWriteback)
        {
            return;
        }

        wbc.WbAttached = true;
        wbc.Wb = throttle.InodeToWb(inode);
        wbc.Inode = inode;
        wbc.WbId = wbc.Wb?.Memcg.Id ?? MemCgroup.RootId;
        wbc.WbLcandId = inode.WbFrnWinner;
        wbc.WbTcandId = 0;
        wbc.WbBytes = 0;
        wbc.WbLcandBytes = 0;
        wbc.WbTcandBytes = 0;
        wbc.WbSkipsOfflineOwners = kernel.Era.ForeignVoteIgnoresOfflineMemcgs();

        // The pass holds the wb until wbc_detach_inode: a memcg taken offline meanwhile, and
        // its inode switched away, cannot release the wb under the pass.
        if (!kernel.Faults.WbcAttachSkipsWbGet)
        {
            Mm.Throttle.DirtyThrottle.WbGet(wbc.Wb);
        }
    }

    /// <summary>
    /// wbc_attach_fdatawrite_inode (Tejun Heo's "writeback: make __filemap_fdatawrite_range()
    /// croup writeback aware", patch 42/45 of the cgroup writeback series, 4.2; its id [R]; a
    /// static inline of writeback.h until Christoph Hellwig moved it out of line in 2024): attach the
    /// inode to a wb first if it has none (inode_attach_wb(inode, NULL): the current task's
    /// memcg's wb, the root's for a root task), then attach the pass to it. Before c3aab9a0bd91
    /// (5.4, <see cref="KernelEras.FdatawriteSkipsCleanMapping"/>) __filemap_fdatawrite_range
    /// calls this for every mapping that can write back, so an fsync of a file never dirtied
    /// attaches it to the fsyncing task's memcg, where it stays when another memcg dirties it
    /// later (the nilfs2 crash c3aab9a0bd91 caused, fixed by attaching in advance, relied on
    /// that attach); from 5.4 a mapping without dirty pages returns before it.
    /// </summary>
    [Models("include/linux/writeback.h", "wbc_attach_fdatawrite_inode", "4.19")]
    [Models("fs/fs-writeback.c", "__inode_attach_wb (page NULL: task_get_css(current))", "4.19")]
    public void WbcAttachFdatawriteInode(WritebackControl wbc, Inode inode)
    {
        var throttle = kernel.Throttle;
        if (!throttle.CgroupWriteback)
        {
            return;
        }

        throttle.InodeAttachWb(inode, throttle.Current.Memcg);
        WbcAttachAndUnlockInode(wbc, inode);
    }

    /// <summary>
    /// wbc_account_io (wbc_account_cgroup_owner from 5.3): count <paramref name="bytes"/> of
    /// <paramref name="page"/>, which the pass is submitting, for the memcg that owns it (the
    /// model charges whole mappings: the page's inode's memcg, the root's if none). The wb's own
    /// memcg and the last winner are counted as they are; the other owners elect a candidate as
    /// in Boyer-Moore's majority vote, a byte of another owner cancelling a byte of the candidate.
    /// Nothing if the pass is not attached (the writeback of no inode's pass, or no cgroup
    /// writeback), nor, from 5.3, for a page of an offline memcg (CSS_ONLINE clear). wbc's
    /// no_cgroup_owner (set by filesystems that bounce writeback through an async stage, as
    /// btrfs's compressed writes) is not modelled: no model filesystem does that.
    /// </summary>
    [Models("fs/fs-writeback.c", "wbc_account_io", "4.19")]
    [Models("fs/fs-writeback.c", "wbc_account_cgroup_owner", "6.9")]
    public static void WbcAccountCgroupOwner(WritebackControl wbc, Page page, ulong bytes)
    {
        if (!wbc.WbAttached)
        {
            return;
        }

        // From 5.3 an offline memcg's pages do not vote: they stay charged to it after its
        // tasks are gone, so counting them would pull the inode towards a wb nobody dirties for.
        var owner = page.Mapping!.Host.Memcg;
        if (wbc.WbSkipsOfflineOwners && owner is { Online: false })
        {
            return;
        }

        var id = owner?.Id ?? MemCgroup.RootId;
        if (id == wbc.WbId)
        {
            wbc.WbBytes += bytes;
            return;
        }

        if (id == wbc.WbLcandId)
        {
            wbc.WbLcandBytes += bytes;
        }

        // Boyer-Moore majority vote among the foreign owners.
        if (wbc.WbTcandBytes == 0)
        {
            wbc.WbTcandId = id;
        }

        if (id == wbc.WbTcandId)
        {
            wbc.WbTcandBytes += bytes;
        }
        else
        {
            wbc.WbTcandBytes -= Math.Min(bytes, wbc.WbTcandBytes);
        }
    }

    /// <summary>
    /// wbc_detach_inode: the round's verdict (<see cref="WbForeignVote.Vote"/>) at the attached
    /// wb's average write bandwidth; a foreign majority of the history switches the inode to the
    /// winner's wb (inode_switch_wbs, which queues the switch: the switch work, not this, resets
    /// the inode's history). The winner, average and history are stored either way.
    /// </summary>
    [Models("fs/fs-writeback.c", "wbc_detach_inode", "4.19")]
    [Models("fs/fs-writeback.c", "wbc_detach_inode", "6.9")]
    public void WbcDetachInode(WritebackControl wbc)
    {
        if (!wbc.WbAttached)
        {
            return;
        }

        var inode = wbc.Inode!;
        var throttle = kernel.Throttle;
        var verdict = WbForeignVote.Vote(
            inode.WbFrnHistory,
            inode.WbFrnAvgTime,
            wbc.WbId,
            wbc.WbBytes,
            wbc.WbLcandId,
            wbc.WbLcandBytes,
            wbc.WbTcandId,
            wbc.WbTcandBytes,
            throttle.BwOf(wbc.Wb).AvgWriteBandwidth,
            WbForeignVote.TimeCutDiv(kernel.Era),
            kernel.Faults.WbVoteIgnoresHistory);
        if (verdict.Switches && CssFromId(verdict.MaxId) is { } target)
        {
            throttle.InodeSwitchWbs(inode, target.Memcg);
        }

        inode.WbFrnWinner = verdict.MaxId;
        inode.WbFrnAvgTime = verdict.AvgTime;
        inode.WbFrnHistory = verdict.History;

        wbc.WbAttached = false;
        var wb = wbc.Wb;
        wbc.Wb = null;
        throttle.WbPut(wb);
    }

    /// <summary>
    /// css_from_id(id, &amp;memory_cgrp_subsys): the memcg of a css id, among those the model's
    /// kernel knows (the memcgs its inodes are charged to and those with a wb); the root's for
    /// <see cref="MemCgroup.RootId"/> (Memcg null); none for an id no memcg has.
    /// </summary>
    [Models("kernel/cgroup/cgroup.c", "css_from_id", "4.19")]
    private CssLookup? CssFromId(int id)
    {
        if (id == MemCgroup.RootId)
        {
            return new CssLookup(null);
        }

        foreach (var inode in kernel.Inodes)
        {
            if (inode.Memcg is { } memcg && memcg.Id == id)
            {
                return new CssLookup(memcg);
            }
        }

        foreach (var wb in kernel.Throttle.CgroupWbs)
        {
            if (wb.Memcg.Id == id)
            {
                return new CssLookup(wb.Memcg);
            }
        }

        return null;
    }

    /// <summary>A css found by id: the memcg, null for the root.</summary>
    private sealed record CssLookup(MemCgroup? Memcg);
}
