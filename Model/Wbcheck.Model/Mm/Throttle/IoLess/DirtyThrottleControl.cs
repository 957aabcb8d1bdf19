using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Mm.Throttle.IoLess;

/// <summary>
/// struct dirty_throttle_control (4.2, Tejun Heo's cgroup writeback): one domain's view of the
/// throttle for one pass of balance_dirty_pages, filled in step by step: the domain's dirtyable
/// memory, dirty pages and thresholds (domain_dirty_limits), then the disk's share, its dirty
/// pages (wb_dirty_limits), and the position ratio (wb_position_ratio). The global domain's
/// (gdtc, GDTC_INIT) or a memory cgroup's (mdtc, MDTC_INIT: <see cref="Memcg"/> set, its dom the
/// memcg's wb_domain). All pages, unsigned.
/// </summary>
[Models("mm/page-writeback.c", "struct dirty_throttle_control", "4.19")]
public sealed class DirtyThrottleControl
{
    /// <summary>The memcg whose domain this is (mdtc); null for the global domain (gdtc).</summary>
    public MemCgroup? Memcg { get; init; }

    /// <summary>dtc-&gt;wb: the bdi_writeback throttled (4.2): a memcg's cgwb, or null for the disk's root wb.</summary>
    public CgroupWb? Wb { get; init; }

    /// <summary>avail: the domain's dirtyable memory.</summary>
    public ulong Avail { get; set; }

    /// <summary>dirty: the domain's dirty and writeback pages.</summary>
    public ulong Dirty { get; set; }

    /// <summary>thresh: the dirty threshold.</summary>
    public ulong Thresh { get; set; }

    /// <summary>bg_thresh: the background threshold.</summary>
    public ulong BgThresh { get; set; }

    /// <summary>wb_dirty: the disk's dirty and writeback pages.</summary>
    public ulong WbDirty { get; set; }

    /// <summary>wb_thresh: the disk's share of <see cref="Thresh"/>.</summary>
    public ulong WbThresh { get; set; }

    /// <summary>wb_bg_thresh: the disk's share of <see cref="BgThresh"/>.</summary>
    public ulong WbBgThresh { get; set; }

    /// <summary>pos_ratio, 1.0 being 1 &lt;&lt; RATELIMIT_CALC_SHIFT.</summary>
    public ulong PosRatio { get; set; }

    public override string ToString() =>
        (Memcg is null ? "" : $"memcg {Memcg.Name}: ") + $"avail {Avail}, dirty {Dirty}, thresh {Thresh}, bg_thresh {BgThresh}; wb_dirty {WbDirty}, wb_thresh {WbThresh}, wb_bg_thresh {WbBgThresh}; pos_ratio {PosRatio}";
}
