using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>The lowest the clamped dirty_ratio may go, in percent: lower is "getting rather excessive".</summary>
    private const long DirtyRatioFloor = 5;

    /// <summary>
    /// Work out the background and dirty thresholds for the current task dirtying
    /// <paramref name="mapping"/> (null: no particular mapping, as pdflush and reclaim ask).
    /// </summary>
    [Models("mm/page-writeback.c", "get_dirty_limits", "2.6.20", Fingerprint = "cd0ace37bcdc80c4")]
    public DirtyLimits GetDirtyLimits(AddressSpace? mapping) => GetDirtyLimits(mapping, Current);

    /// <summary>
    /// The thresholds for <paramref name="task"/>. The rules, in the kernel's order:
    /// a mapping that cannot use high memory counts only low memory; at most half the unmapped
    /// memory may be dirty, because lots of dirty pages among lots of mapped pages leave reclaim
    /// nothing it can free quickly, and throttling writers is better than swapping; but never
    /// less than 5%; the background level is kept below the dirty level, or pdflush would start
    /// only after writers were already throttled; and a less-throttled or real-time task gets a
    /// quarter more of both. Arithmetic is checked: an overflow is an exception, not a wrapped
    /// threshold.
    /// </summary>
    internal DirtyLimits GetDirtyLimits(AddressSpace? mapping, TaskStruct task)
    {
        var machine = Machine;
        var totalPages = machine.TotalPages;
        var availableMemory = totalPages;
        if (mapping is not null && !mapping.GfpHighmem)
        {
            availableMemory -= machine.TotalHighPages;
        }

        // The share of memory that is mapped or anonymous, of all the memory the VM controls
        // (never zero pages: a machine has at least one).
        var divisor = Faults.UnmappedRatioOfAvailableMemory ? availableMemory : totalPages;
        var unmappedRatio = 100 - (checked((Vmstat.NrFileMapped + Vmstat.NrAnonPages) * 100) / divisor);

        long dirtyRatio = Sysctls.DirtyRatio;
        if (dirtyRatio > unmappedRatio / 2)
        {
            dirtyRatio = unmappedRatio / 2;
        }

        if (dirtyRatio < DirtyRatioFloor && !Faults.NoDirtyRatioFloor)
        {
            dirtyRatio = DirtyRatioFloor;
        }

        long backgroundRatio = Sysctls.DirtyBackgroundRatio;
        if (backgroundRatio >= dirtyRatio && !Faults.NoBackgroundBelowDirtyClamp)
        {
            backgroundRatio = dirtyRatio / 2;
        }

        var background = PercentOf(backgroundRatio, availableMemory);
        var dirty = PercentOf(dirtyRatio, availableMemory);
        if (task.LessThrottle || task.RealTime)
        {
            background += background / 4;
            dirty += dirty / 4;
        }

        return new DirtyLimits(background, dirty, backgroundRatio, dirtyRatio);
    }

    /// <summary><paramref name="ratio"/> percent of <paramref name="pages"/>, rounded down as C does.</summary>
    private long PercentOf(long ratio, long pages) =>
        Faults.DirtyLimitsIn32Bits
            ? checked((int)(ratio * pages)) / 100
            : checked(ratio * pages) / 100;
}
