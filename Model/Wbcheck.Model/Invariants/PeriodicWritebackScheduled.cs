namespace Wbcheck.Model.Invariants;

/// <summary>
/// Periodic writeback never stops while dirty_writeback_interval is not 0: the periodic flush is
/// always ahead, its timer pending (wb_timer to 2.6.31, the flusher's timed sleep or delayed work
/// from 2.6.32) or a run it started not yet over, refused ones included (pdflush's retry a second
/// later). Without it, data dirtied and never touched again stays dirty until some other
/// writeback comes by: a flusher's timed wake-up that found the flush too soon and did not sleep
/// again (<see cref="Faults.SkippedOldDataFlushNotRearmed"/>) breaks it. From 2.6.36 the kernel
/// guaranteed this only while the bdi had dirty io: an idle flusher slept with no timeout.
/// </summary>
public static class PeriodicWritebackScheduled
{
    public const string Name = "periodic writeback stays scheduled";

    /// <summary>The violation, or null.</summary>
    public static string? Check(Kernel kernel)
    {
        var throttle = kernel.Throttle;
        var interval = throttle.Sysctls.DirtyWritebackInterval;
        // From 2.6.36 the model's flusher sleeps without a timeout when its bdi has no dirty io
        // (bdi_writeback_thread's schedule(), 3.10's wb_wakeup_delayed armed only with dirty io):
        // nothing needs to be ahead then. pdflush's wb_timer re-armed itself either way.
        var idle = kernel.Era.FlusherRunsWbWriteback() && !throttle.BdiHasDirtyIo();
        return interval == 0 || idle || throttle.WbTimer.Pending || throttle.PeriodicFlushInFlight
            ? null
            : $"dirty_writeback_interval is {interval} jiffies but no periodic flush is ahead: the kupdate timer is not pending and no run of it is under way";
    }
}
