using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle.IoLess;

/// <summary>
/// What the I/O-less throttle keeps per device (struct backing_dev_info until 4.2, then per
/// struct bdi_writeback): its share of recent writeout completions (the fprop fraction
/// numerator/denominator), its min and max ratios and the sum of every device's min ratio, the
/// strictlimit capability (FUSE), its estimated write bandwidth and its dirty ratelimit, in
/// pages per second, and its dirty and writeback pages.
/// </summary>
[Models("include/linux/backing-dev-defs.h", "struct bdi_writeback", "4.19")]
public sealed record BdiWriteback
{
    /// <summary>The device's completions in the proportion's period (fprop numerator).</summary>
    public ulong Numerator { get; init; }

    /// <summary>All devices' completions in the period (fprop denominator, at least 1 as fprop_fraction_percpu returns it).</summary>
    public ulong Denominator { get; init; } = 1;

    /// <summary>bdi-&gt;min_ratio, percent.</summary>
    public ulong MinRatio { get; init; }

    /// <summary>bdi-&gt;max_ratio, percent.</summary>
    public ulong MaxRatio { get; init; } = 100;

    /// <summary>bdi_min_ratio: the sum of every device's min_ratio, below 100.</summary>
    public ulong SumMinRatio { get; init; }

    /// <summary>BDI_CAP_STRICTLIMIT (3.12): the device's own threshold is a hard limit even under freerun.</summary>
    public bool Strictlimit { get; init; }

    /// <summary>avg_write_bandwidth, pages a second.</summary>
    public ulong AvgWriteBandwidth { get; init; } = 25600;

    /// <summary>dirty_ratelimit, pages a second: the base rate a dirtier is throttled to.</summary>
    public ulong DirtyRatelimit { get; init; } = 25600;

    /// <summary>balanced_dirty_ratelimit as last estimated.</summary>
    public ulong BalancedDirtyRatelimit { get; init; } = 25600;

    /// <summary>The device's dirty (reclaimable) plus writeback pages: wb_dirty.</summary>
    public ulong WbDirty { get; init; }

    public override string ToString() =>
        $"share {Numerator}/{Denominator}, min_ratio {MinRatio}% (all {SumMinRatio}%), max_ratio {MaxRatio}%{(Strictlimit ? ", strictlimit" : "")}; " +
        $"write_bw {AvgWriteBandwidth}, dirty_ratelimit {DirtyRatelimit}, balanced {BalancedDirtyRatelimit}; wb_dirty {WbDirty}";
}
