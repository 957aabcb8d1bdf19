using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// The /proc/sys/vm knobs of dirty throttling, with the kernel's defaults. Values the sysctl
/// handlers refuse are refused here too (the ratios are 0..100). Intervals are in jiffies.
/// </summary>
public sealed record VmSysctls
{
    /// <summary>
    /// The current kernel's defaults, those of every era from 2.6.36 on
    /// (<see cref="V2_6_30Default"/>). Tests and scenarios that boot an older era take
    /// <see cref="DefaultOf"/> instead.
    /// </summary>
    public static VmSysctls Default { get; } = new();

    /// <summary>
    /// 2.6.20's defaults: dirty_ratio 40, dirty_background_ratio 10, the two intervals 5 and 30
    /// seconds [V: page-writeback.c of 2.6.20, shared/reference]. page_writeback_init still scales
    /// the two ratios down on a machine mostly of high memory (<see cref="DirtyThrottle.PageWritebackInit"/>).
    /// </summary>
    public static VmSysctls V2_6_20Default { get; } = new() { DirtyRatio = 40, DirtyBackgroundRatio = 10 };

    /// <summary>
    /// From 2.6.22 (Linus' "Change default dirty-writeback limits", 07db59bd6b0f [V: Jan Kara's
    /// linux-mm mail of 7 Jan 2009 names it, April 2007, 40 to 10 and 10 to 5; 2.6.22 [I] from the date]):
    /// dirty_ratio 10, dirty_background_ratio 5, and page_writeback_init no longer scales them
    /// [V: a 2.6.24 and a 2.6.29 page-writeback.c, both 10 and 5 with the 500/3000 intervals].
    /// 2.6.29, the first release of the model's 2.6.29 era, boots with these (the 2.6.29 reading
    /// rests on a vendor tree, HTC Hero's erasmux/hero-2.6.29-flykernel).
    /// </summary>
    public static VmSysctls V2_6_22Default { get; } = new() { DirtyRatio = 10, DirtyBackgroundRatio = 5 };

    /// <summary>
    /// From 2.6.30 ("mm: bump dirty_ratio", 1b5e62b42b55 [R]; 20 and 10 [V] in a pdflush-era
    /// page-writeback.c with dirty_bytes, so 2.6.30 or 2.6.31, and in 6.10's): dirty_ratio 20,
    /// dirty_background_ratio 10, unchanged since; the intervals stay 500 and 3000 centiseconds.
    /// </summary>
    public static VmSysctls V2_6_30Default { get; } = new() { DirtyRatio = 20, DirtyBackgroundRatio = 10 };

    /// <summary>
    /// 2.5.31's defaults: dirty_background_ratio 40, dirty_async_ratio 50 (the model's
    /// <see cref="DirtyRatio"/>), dirty_sync_ratio 60 (not kept: over it the dirtier's
    /// WB_SYNC_LAST pass does what a WB_SYNC_NONE one does, <see cref="DirtyThrottle.BalanceDirtyPagesV2531"/>),
    /// dirty_writeback_centisecs 500, dirty_expire_centisecs 3000 (the model's 5 and 30 seconds,
    /// as 2.6.20's) [V: the ratios 40/50/60 on the "-" side of akpm's "adjustments to dirty
    /// memory thresholds", against 2.5.32, which made them 10/40/50, and in 2.5.24's
    /// page-writeback.c with the two intervals; 2.5.31, between them, [I]]. No laptop_mode and
    /// no highmem_is_dirtyable then.
    /// </summary>
    public static VmSysctls ListEraDefault { get; } = new() { DirtyBackgroundRatio = 40, DirtyRatio = 50 };

    /// <summary>
    /// The sysctls <paramref name="era"/>'s kernel boots with: those of the release the era
    /// starts at. The 2.6.29 era (2.6.29 to 2.6.35) has 2.6.29's 10 and 5, though 2.6.30 doubled them.
    /// </summary>
    public static VmSysctls DefaultOf(KernelEra era) =>
        era.HasPageLists() ? ListEraDefault
        : era.Before(KernelEra.V2_6_29) ? V2_6_20Default
        : era.Before(KernelEra.V2_6_36) ? V2_6_22Default
        : V2_6_30Default;

    /// <summary>
    /// <see cref="DefaultOf(KernelEra)"/>, unless <see cref="Faults.DirtyDefaultsOf2620OnEveryEra"/>
    /// brings back the model's old defaults: 2.6.20's on every era from 2.6.20.
    /// </summary>
    public static VmSysctls DefaultOf(KernelEra era, Faults faults) =>
        faults.DirtyDefaultsOf2620OnEveryEra && era.AtLeast(KernelEra.V2_6_20) ? V2_6_20Default : DefaultOf(era);

    /// <summary>vm_dirty_ratio: a process dirtying memory writes back itself above this percentage.</summary>
    public int DirtyRatio
    {
        get;
        init => field = Percent(value, "dirty_ratio");
    } = 20;

    /// <summary>dirty_background_ratio: pdflush starts writing back above this percentage.</summary>
    public int DirtyBackgroundRatio
    {
        get;
        init => field = Percent(value, "dirty_background_ratio");
    } = 10;

    /// <summary>dirty_writeback_interval: jiffies between kupdate runs; zero stops them.</summary>
    public long DirtyWritebackInterval
    {
        get;
        init => field = Interval(value, "dirty_writeback_interval");
    } = 5 * Timers.Hz;

    /// <summary>dirty_expire_interval: data dirty longer than this many jiffies is old, for kupdate.</summary>
    public long DirtyExpireInterval
    {
        get;
        init => field = Interval(value, "dirty_expire_interval");
    } = 30 * Timers.Hz;

    /// <summary>
    /// laptop_mode: zero is off. Otherwise the jiffies of disk quiet after which a full sync
    /// runs, and the throttle waits for the dirty threshold before waking background writeout.
    /// </summary>
    public long LaptopMode
    {
        get;
        init => field = Interval(value, "laptop_mode");
    }

    /// <summary>
    /// highmem_is_dirtyable: count high memory in the dirtyable memory the global limits are a
    /// share of (global_dirtyable_memory, determine_dirtyable_memory before 3.3 [R]; nothing else
    /// reads it). From 195cf453d2c3 ("mm/page-writeback: highmem_is_dirtyable option", 2.6.26):
    /// the model's eras from 2.6.29 honour it; 2.6.20 and 2.5 had no such knob and refuse it (EraSettings).
    /// </summary>
    public bool HighmemIsDirtyable { get; init; }

    private static int Percent(int value, string name) =>
        value is >= 0 and <= 100 ? value : throw new ArgumentOutOfRangeException(name, value, $"vm.{name} is a percentage: 0 to 100");

    private static long Interval(long value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"vm.{name} is a time and cannot be negative");
}
