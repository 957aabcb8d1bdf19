using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Mm;

/// <summary>
/// The cgroup writeback part of struct writeback_control (4.2, 2a81490811d0 "writeback:
/// implement foreign cgroup inode detection"): the wb and inode a writeback pass is attached to
/// (wbc_attach_and_unlock_inode), and the pass's owner histogram that wbc_account_io
/// (wbc_account_cgroup_owner from 5.3) fills for each page it submits and wbc_detach_inode votes
/// on: the bytes of the wb's own memcg, of the last round's winner (the "last candidate") and of a
/// Boyer-Moore majority candidate of the rest (the "this round's candidate"). Ids are memcg css
/// ids (<see cref="MemCgroup.Id"/>, <see cref="MemCgroup.RootId"/> for the root), 0 for none.
/// </summary>
[Models("include/linux/writeback.h", "struct writeback_control (wb, inode, wb_id, wb_lcand_id, wb_tcand_id, wb_bytes, wb_lcand_bytes, wb_tcand_bytes)", "4.19")]
[Models("include/linux/writeback.h", "struct writeback_control (wb, inode, wb_id, wb_lcand_id, wb_tcand_id, wb_bytes, wb_lcand_bytes, wb_tcand_bytes)", "6.9")]
public sealed partial class WritebackControl
{
    /// <summary>wbc-&gt;wb is set: the pass is attached (the root wb is a null <see cref="Wb"/>, so this says whether there is one).</summary>
    public bool WbAttached { get; internal set; }

    /// <summary>wbc-&gt;wb: the wb the inode was on when the pass attached (null: the root wb).</summary>
    public CgroupWb? Wb { get; internal set; }

    /// <summary>wbc-&gt;inode: the inode the pass is attached to.</summary>
    public Inode? Inode { get; internal set; }

    /// <summary>wbc-&gt;wb_id: the css id of the memcg of <see cref="Wb"/>.</summary>
    public int WbId { get; internal set; }

    /// <summary>wbc-&gt;wb_lcand_id: the last round's winner (inode-&gt;i_wb_frn_winner at attach).</summary>
    public int WbLcandId { get; internal set; }

    /// <summary>wbc-&gt;wb_tcand_id: this round's Boyer-Moore candidate among the foreign owners.</summary>
    public int WbTcandId { get; internal set; }

    /// <summary>wbc-&gt;wb_bytes: bytes submitted of pages owned by <see cref="WbId"/>.</summary>
    public ulong WbBytes { get; internal set; }

    /// <summary>wbc-&gt;wb_lcand_bytes: bytes of pages owned by <see cref="WbLcandId"/>.</summary>
    public ulong WbLcandBytes { get; internal set; }

    /// <summary>wbc-&gt;wb_tcand_bytes: <see cref="WbTcandId"/>'s Boyer-Moore count, in bytes.</summary>
    public ulong WbTcandBytes { get; internal set; }

    /// <summary>
    /// Whether this pass's accounting leaves out pages of an offline memcg (the CSS_ONLINE test
    /// of 6631142229005, 5.3: <see cref="KernelEras.ForeignVoteIgnoresOfflineMemcgs"/>). Not a
    /// field of the kernel's wbc: the era's rule, set at attach, because the model's
    /// wbc_account_cgroup_owner is handed the wbc and the page only, as the kernel's is.
    /// </summary>
    internal bool WbSkipsOfflineOwners { get; set; }
}
