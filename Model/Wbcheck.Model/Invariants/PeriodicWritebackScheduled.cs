namespace Wbcheck.Model.Invariants;

/// <summary>
/// Periodic writeback never stops while dirty_writeback_interval is not 0: the periodic flush is
/// always ahead. To 2.6.31 pdflush's wb_timer is pending or a run it started is not yet over,
/// refused ones included (pdflush's retry a second later), whatever is dirty. From 2.6.32 the
/// flusher promises it only while the disk has dirty io, and exactly then: its timed wake-up is
/// pending (the sleep after every run, the first dirty inode's delayed wake-up), or a run of
/// the flusher is under way, whose end sets it, or one its timer started has not begun. With
/// no dirty io it sleeps without a timeout, and nothing need be ahead. Without it, data dirtied
/// and never touched again stays dirty until some other writeback comes by: a run that found
/// the flush too soon and did not sleep again (<see cref="Faults.SkippedOldDataFlushNotRearmed"/>),
/// or a first dirty inode that armed no wake-up (<see cref="Faults.FirstDirtyingWakesNoFlusher"/>),
/// breaks it.
/// </summary>
public static class PeriodicWritebackScheduled
{
    public const string Name = "periodic writeback stays scheduled";

    /// <summary>The violation, or null.</summary>
    public static string? Check(Kernel kernel)
    {
        var throttle = kernel.Throttle;
        var interval = throttle.Sysctls.DirtyWritebackInterval;
        if (interval == 0 || throttle.WbTimer.Pending || throttle.PeriodicFlushInFlight)
        {
            return null;
        }

        if (!kernel.Era.FlusherRunsWbWriteback())
        {
            return $"dirty_writeback_interval is {interval} jiffies but no periodic flush is ahead: the kupdate timer is not pending and no run of it is under way";
        }

        return !throttle.BdiHasDirtyIo() || throttle.FlusherRuns > 0
            ? null
            : $"dirty_writeback_interval is {interval} jiffies and the disk has dirty io but no periodic flush is ahead: the flusher sleeps without a timed wake-up and no run of it is under way";
    }
}
