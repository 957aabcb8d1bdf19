using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Throttle.IoLess;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// What the running I/O-less throttle (3.2 on) keeps of the model's one disk between passes, in
/// struct backing_dev_info (per bdi_writeback from 4.2): when its bandwidth was last estimated
/// and the dirtied and written counts it was estimated from, its write bandwidth (raw and
/// smoothed), and its dirty ratelimit and the last balanced rate
/// (dirty_exceeded, per disk in the kernel too, is <see cref="DirtyThrottle.DirtyExceeded"/>). Rates are in
/// pages a second, times in the model's jiffies. bdi_init starts every rate at INIT_BW.
/// </summary>
[Models("include/linux/backing-dev.h", "struct backing_dev_info (bw_time_stamp .. balanced_dirty_ratelimit)", "3.18")]
public sealed class BdiBandwidth
{
    /// <summary>INIT_BW: 100 MB/s in pages, where every rate starts.</summary>
    [Models("mm/backing-dev.c", "INIT_BW", "3.18")]
    public const ulong InitBw = 100 << (20 - 12);

    /// <summary>bw_time_stamp: jiffies of the last estimate (bdi_init: boot).</summary>
    public long BwTimeStamp { get; internal set; }

    /// <summary>dirtied_stamp: BDI_DIRTIED at the last estimate.</summary>
    public ulong DirtiedStamp { get; internal set; }

    /// <summary>written_stamp: BDI_WRITTEN at the last estimate.</summary>
    public ulong WrittenStamp { get; internal set; }

    /// <summary>write_bandwidth: the last estimate, unsmoothed.</summary>
    public ulong WriteBandwidth { get; internal set; } = InitBw;

    /// <summary>avg_write_bandwidth: the smoothed estimate the throttle uses.</summary>
    public ulong AvgWriteBandwidth { get; internal set; } = InitBw;

    /// <summary>dirty_ratelimit: the base rate every dirtier of the disk is throttled to.</summary>
    public ulong DirtyRatelimit { get; internal set; } = InitBw;

    /// <summary>balanced_dirty_ratelimit as last estimated.</summary>
    public ulong BalancedDirtyRatelimit { get; internal set; } = InitBw;

    /// <summary>
    /// global_dirty_limit: the dirty threshold, followed upwards at once and downwards slowly, so
    /// that a sudden drop of the threshold does not stop every dirtier (the domain's dirty_limit
    /// from 4.2). Set to the threshold by writeback_set_ratelimit.
    /// </summary>
    [Models("mm/page-writeback.c", "global_dirty_limit", "3.18")]
    public ulong GlobalDirtyLimit { get; internal set; }

    /// <summary>
    /// writeback_inodes (5.15, 633a2abb9e1c): the disk's inodes with pages under writeback, so
    /// that do_writepages can tell an idle disk from a busy one. Counted in the 6.9 era only.
    /// </summary>
    [Models("include/linux/backing-dev-defs.h", "struct bdi_writeback (writeback_inodes)", "6.9")]
    public long WritebackInodes { get; internal set; }

    /// <summary>global_update_bandwidth's static update_time: when global_dirty_limit last moved (INITIAL_JIFFIES: 0 in the model).</summary>
    public long GlobalUpdateTime { get; internal set; }

    /// <summary>The disk as the throttle's arithmetic reads it: its rates, its share of completions, and its dirty pages.</summary>
    internal BdiWriteback Snapshot(ulong wbDirty, ulong completions) => new()
    {
        // One disk: its completions are all the completions (fprop's fraction is 1 once there is one).
        Numerator = completions,
        Denominator = Math.Max(completions, 1),
        AvgWriteBandwidth = AvgWriteBandwidth,
        DirtyRatelimit = DirtyRatelimit,
        BalancedDirtyRatelimit = BalancedDirtyRatelimit,
        WbDirty = wbDirty,
    };

    public override string ToString() =>
        $"write_bw {AvgWriteBandwidth} (raw {WriteBandwidth}), dirty_ratelimit {DirtyRatelimit}, balanced {BalancedDirtyRatelimit}, bw_time_stamp {BwTimeStamp}, global_dirty_limit {GlobalDirtyLimit}" + (WritebackInodes != 0 ? $", writeback_inodes {WritebackInodes}" : "");
}
