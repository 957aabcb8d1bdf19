using Wbcheck.Model.Citations;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Memcg;

/// <summary>
/// A memory cgroup's bdi_writeback on the model's one disk (a "cgwb", Tejun Heo's cgroup
/// writeback, 4.2): the memcg's inodes hang off it instead of the disk's root wb (bdi-&gt;wb), and
/// it keeps what the root wb keeps, for them alone: its own bandwidth estimate and dirty
/// ratelimit (<see cref="Bandwidth"/>), its own WB_DIRTIED and WB_WRITTEN counts, its completions
/// in the global wb_domain and in its memcg's (completions and memcg_completions: both are
/// counted by <see cref="Written"/>, since the memcg has no wb on another disk), its own
/// dirty_exceeded, and its own flusher (the wb's dwork running wb_workfn; WB_writeback_running
/// while it does). Created by wb_get_create the first time the memcg dirties a page of the disk
/// (<see cref="DirtyThrottle.WbGetCreate"/>). Every access to a field is reported as a write of
/// the throttle's state, as the root wb's (<see cref="DirtyThrottle.Bdi"/>): the flusher holds
/// its wb directly, not through the memcg.
/// </summary>
[Models("include/linux/backing-dev-defs.h", "struct bdi_writeback (cgwb)", "4.19")]
[Models("mm/backing-dev.c", "cgwb_create", "4.19")]
[Models("include/linux/backing-dev-defs.h", "struct bdi_writeback (cgwb)", "6.9")]
public sealed partial class CgroupWb
{
    private readonly BdiBandwidth bandwidth;
    private ulong dirtied;
    private ulong written;
    private long reclaimable;
    private long writebackPages;
    private bool dirtyExceeded;
    private Time.TimerList? bwDwork;
    private bool flusherWoken;
    private bool writebackRunning;
    private bool dying;
    private long refcnt = 1;
    private bool registered = true;
    private string? freedBy;

    /// <param name="memcg">The memcg whose wb this is (wb-&gt;memcg_css).</param>
    /// <param name="jiffies">Now: wb_init stamps bw_time_stamp with it.</param>
    [Models("mm/backing-dev.c", "wb_init", "4.19")]
    internal CgroupWb(MemCgroup memcg, long jiffies)
    {
        Memcg = memcg;
        bandwidth = new BdiBandwidth { BwTimeStamp = jiffies };
    }

    /// <summary>wb-&gt;memcg_css: the memcg this wb writes for.</summary>
    public MemCgroup Memcg { get; }

    /// <summary>
    /// The wb's bandwidth state: bw_time_stamp, dirtied_stamp and written_stamp (of this wb's
    /// own WB_DIRTIED and WB_WRITTEN), write_bandwidth, avg_write_bandwidth, dirty_ratelimit,
    /// balanced_dirty_ratelimit and writeback_inodes. Its global_dirty_limit field is unused: the
    /// domains' dirty limits are the global wb_domain's and the memcg's.
    /// </summary>
    public BdiBandwidth Bandwidth
    {
        get
        {
            Touch();
            return bandwidth;
        }
    }

    /// <summary>wb-&gt;stat[WB_DIRTIED]: pages of this wb's inodes newly dirtied (less those a -&gt;writepage redirtied).</summary>
    public ulong Dirtied
    {
        get
        {
            Touch();
            return dirtied;
        }

        internal set
        {
            Touch();
            dirtied = value;
        }
    }

    /// <summary>wb-&gt;stat[WB_WRITTEN]: pages of this wb's inodes whose writeback completed; its completions in both domains.</summary>
    public ulong Written
    {
        get
        {
            Touch();
            return written;
        }

        internal set
        {
            Touch();
            written = value;
        }
    }

    /// <summary>
    /// wb-&gt;stat[WB_RECLAIMABLE]: accounted dirty pages of the inodes attached to this wb
    /// (a percpu_counter, signed: a decrement on the wrong wb shows as a negative count here,
    /// where the kernel's wb_stat reads it as 0). inode_switch_wbs carries it to the new wb.
    /// </summary>
    public long Reclaimable
    {
        get
        {
            Touch();
            return reclaimable;
        }

        internal set
        {
            Touch();
            reclaimable = value;
        }
    }

    /// <summary>wb-&gt;stat[WB_WRITEBACK]: pages under writeback of the inodes attached to this wb (signed, as <see cref="Reclaimable"/>).</summary>
    public long WritebackPages
    {
        get
        {
            Touch();
            return writebackPages;
        }

        internal set
        {
            Touch();
            writebackPages = value;
        }
    }

    /// <summary>wb-&gt;dirty_exceeded: a dirtier of this wb found it over its share.</summary>
    public bool DirtyExceeded
    {
        get
        {
            Touch();
            return dirtyExceeded;
        }

        internal set
        {
            Touch();
            dirtyExceeded = value;
        }
    }

    /// <summary>The wb's flusher work has been woken and has not yet finished (a wake-up meanwhile adds nothing, as the root's: it looks at the thresholds before every pass).</summary>
    public bool FlusherWoken
    {
        get
        {
            Touch();
            return flusherWoken;
        }

        internal set
        {
            Touch();
            flusherWoken = value;
        }
    }

    /// <summary>wb-&gt;bw_dwork (5.14, the 6.9 era): the cgwb's own bandwidth work, made on first use.</summary>
    internal Time.TimerList? BwDwork
    {
        get
        {
            Touch();
            return bwDwork;
        }

        set
        {
            Touch();
            bwDwork = value;
        }
    }

    /// <summary>WB_writeback_running: wb_workfn is writing this wb back now (writeback_in_progress(wb)).</summary>
    public bool WritebackRunning
    {
        get
        {
            Touch();
            return writebackRunning;
        }

        internal set
        {
            Touch();
            writebackRunning = value;
        }
    }

    /// <summary>
    /// wb_dying: cgwb_kill has killed the wb's reference count (its memcg went offline,
    /// wb_memcg_offline): the wb is out of bdi-&gt;cgwb_tree, so no lookup finds it and no inode
    /// is attached to it any more, but the inodes attached before stay on it until a switch
    /// moves them (cleanup_offline_cgwb from 5.14; never before).
    /// </summary>
    public bool Dying
    {
        get
        {
            Touch();
            return dying;
        }

        internal set
        {
            Touch();
            dying = value;
        }
    }

    /// <summary>
    /// wb-&gt;refcnt (a percpu_ref): percpu_ref_init's initial reference (the wb's life in
    /// bdi-&gt;cgwb_tree, dropped by cgwb_kill's percpu_ref_kill) plus one for each holder:
    /// an inode's i_wb, a switch work's new_wb, a writeback pass attached to the wb
    /// (wbc-&gt;wb), the dying-wb cleanup while it walks the wb. At 0, once killed, cgwb_release
    /// queues the wb's release (<see cref="DirtyThrottle.WbPut"/>).
    /// </summary>
    public long Refcnt
    {
        get
        {
            Touch();
            return refcnt;
        }

        internal set
        {
            Touch();
            refcnt = value;
        }
    }

    /// <summary>WB_registered: set by cgwb_create, cleared by wb_shutdown; a wake-up of a wb without it queues nothing (wb_wakeup).</summary>
    public bool Registered
    {
        get
        {
            Touch();
            return registered;
        }

        internal set
        {
            Touch();
            registered = value;
        }
    }

    /// <summary>
    /// cgwb_release_workfn has freed the wb (kfree_rcu): every later touch of it is a
    /// use-after-free (<see cref="WbUseAfterFree"/>). Read without a touch, for checks.
    /// </summary>
    public bool Freed => freedBy is not null;

    /// <summary>Free the wb: from now on a touch of it is reported, naming <paramref name="who"/>.</summary>
    internal void Free(string who)
    {
        Touch();
        freedBy = who;
    }

    /// <summary>A field of the wb is read or written: a write of the throttle's state, and a use after free once it is freed (KASAN's check at each access).</summary>
    private void Touch()
    {
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
        if (freedBy is not null)
        {
            throw new InvariantViolationException(WbUseAfterFree.Name, $"the wb of memcg {Memcg.Name} was touched after {freedBy} freed it");
        }
    }

    public override string ToString() => Freed ? $"wb of memcg {Memcg.Name} (freed)" :
        $"wb of memcg {Memcg.Name}: WB_RECLAIMABLE {Reclaimable}, WB_WRITEBACK {WritebackPages}, WB_DIRTIED {Dirtied}, WB_WRITTEN {Written}{(DirtyExceeded ? ", dirty_exceeded" : "")}{(Dying ? ", dying" : "")}{(WritebackRunning ? ", writeback running" : "")}; {Bandwidth}";
}
