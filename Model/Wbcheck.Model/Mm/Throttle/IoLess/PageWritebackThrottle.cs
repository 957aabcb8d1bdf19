using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle.IoLess;

/// <summary>
/// The throttle's arithmetic after 2.6.20, era by era, as functions of the counters and settings
/// it reads (an instance holds only the era and the faults switched in): dirtyable memory with its reserves and highmem, the global thresholds
/// (with dirty_bytes), and from 3.2 the I/O-less balance_dirty_pages: the device's share of the
/// threshold, the position ratio, the dirty ratelimit and the pause. Values are unsigned long
/// and wrap as on a 64-bit kernel; a division by zero or an undefined shift throws
/// <see cref="KernelArithmeticException"/>, naming the function. Each era computes as the kernel
/// that begins it did: 2.6.29 and 2.6.36 still have the pre-I/O-less get_dirty_limits and
/// global_dirty_limits; 3.19 the bdi_* functions of the 3.2 series (read in a 3.18 tree); 4.13
/// to 6.9 the wb_* / dirty_throttle_control functions of 4.2's cgroup writeback (read in 4.19),
/// with the changes named where they differ. The 2.6.29 and 2.6.36 forms are recalled, not read
/// (no tree of those versions was at hand; docs/throttle.md keeps what was read where).
/// </summary>
public sealed partial class PageWritebackThrottle(KernelEra era, Faults faults)
{
    /// <summary>The era whose throttle this computes.</summary>
    public KernelEra Era { get; } = era.AtLeast(KernelEra.V2_6_29)
        ? era
        : throw new ArgumentOutOfRangeException(nameof(era), era, $"{era.Info().Version} has 2.6.20's throttle (DirtyThrottle.GetDirtyLimits over vm_total_pages), not these functions");

    /// <summary>PAGE_SIZE of the 64-bit kernels modelled.</summary>
    public const ulong PageSize = 4096;

    /// <summary>RATELIMIT_CALC_SHIFT: the position ratio's fixed point, 1.0 is 1 &lt;&lt; 10.</summary>
    public const int RatelimitCalcShift = 10;

    /// <summary>MAX_PAUSE: max(HZ/5, 1), the longest one sleep in balance_dirty_pages.</summary>
    public const long MaxPause = Timers.Hz / 5 > 1 ? Timers.Hz / 5 : 1;

    /// <summary>BANDWIDTH_INTERVAL: bandwidth and ratelimit are re-estimated at most this often.</summary>
    public const ulong BandwidthInterval = Timers.Hz / 5 > 1 ? Timers.Hz / 5 : 1;

    /// <summary>DIRTY_POLL_THRESH: 128 KiB in pages.</summary>
    public const long DirtyPollThresh = 128 >> (12 - 10);
}
