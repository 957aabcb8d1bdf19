using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

public sealed partial class Inode
{
    private MemCgroup? memcgField;
    private bool wbAttachedField;
    private CgroupWb? wbField;
    private bool wbSwitchField;
    private int wbFrnWinnerField;
    private ushort wbFrnAvgTimeField;
    private ushort wbFrnHistoryField;

    /// <summary>
    /// The memcg the inode's pages are charged to (page-&gt;mem_cgroup of each of them: the model
    /// charges whole mappings, <see cref="MemCgroup.Charge"/>); null for the root cgroup. Not the
    /// wb the inode is written by: that is <see cref="IWb"/>, attached at its first dirtying.
    /// </summary>
    public MemCgroup? Memcg
    {
        get
        {
            AccessLog.Read(AccessId(Field.Memcg));
            return memcgField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Memcg));
            memcgField = value;
        }
    }

    /// <summary>
    /// inode-&gt;i_wb is set (cgroup writeback, 4.2): inode_attach_wb has run, at the inode's first
    /// dirtying. False before, and in every era without cgroup writeback.
    /// </summary>
    public bool WbAttached
    {
        get
        {
            AccessLog.Read(AccessId(Field.Wb));
            return wbAttachedField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Wb));
            wbAttachedField = value;
        }
    }

    /// <summary>
    /// inode-&gt;i_wb once attached (<see cref="WbAttached"/>): the bdi_writeback whose lists the
    /// inode is on and whose stats its pages count in, null for the disk's root wb (bdi-&gt;wb).
    /// It stays until inode_switch_wbs moves the inode; charging the mapping elsewhere later
    /// does not move it.
    /// </summary>
    public CgroupWb? IWb
    {
        get
        {
            AccessLog.Read(AccessId(Field.Wb));
            return wbField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Wb));
            wbField = value;
        }
    }

    /// <summary>
    /// I_WB_SWITCH in i_state: inode_switch_wbs has claimed the inode and its switch work has not
    /// finished; a stat update outside the i_pages lock then takes that lock
    /// (unlocked_inode_to_wb_begin).
    /// </summary>
    public bool WbSwitch
    {
        get
        {
            AccessLog.Read(AccessId(Field.Wb));
            return wbSwitchField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Wb));
            wbSwitchField = value;
        }
    }

    /// <summary>
    /// inode-&gt;i_wb_frn_winner (4.2): the memcg css id that owned most of the bytes of the last
    /// writeback round the foreign detection recorded (0: none yet, and after a switch).
    /// </summary>
    public int WbFrnWinner
    {
        get
        {
            AccessLog.Read(AccessId(Field.Wb));
            return wbFrnWinnerField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Wb));
            wbFrnWinnerField = value;
        }
    }

    /// <summary>
    /// inode-&gt;i_wb_frn_avg_time (4.2, a u16): the running average of a round's IO time, in
    /// 1/8192 s (WB_FRN_TIME_SHIFT), capped at U16_MAX.
    /// </summary>
    public ushort WbFrnAvgTime
    {
        get
        {
            AccessLog.Read(AccessId(Field.Wb));
            return wbFrnAvgTimeField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Wb));
            wbFrnAvgTimeField = value;
        }
    }

    /// <summary>
    /// inode-&gt;i_wb_frn_history (4.2, a u16): 16 slots of about 2 s of IO time, newest in the
    /// low bits, a bit set where a foreign memcg won; more than 8 set switches the inode.
    /// </summary>
    public ushort WbFrnHistory
    {
        get
        {
            AccessLog.Read(AccessId(Field.Wb));
            return wbFrnHistoryField;
        }

        internal set
        {
            AccessLog.Write(AccessId(Field.Wb));
            wbFrnHistoryField = value;
        }
    }
}
