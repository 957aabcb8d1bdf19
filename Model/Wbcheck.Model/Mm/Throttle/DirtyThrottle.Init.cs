using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>
    /// Boot-time set-up. On a machine with much more high memory than low, scale the default
    /// ratios down (dirty high memory pins buffer heads, which live in low memory), never below
    /// 1%; start the kupdate timer; size the ratelimit. Low memory stands for the kernel's
    /// nr_free_buffer_pages. The CPU-hotplug notifier that re-sizes the ratelimit is not
    /// modelled: the machine's CPUs are fixed.
    /// </summary>
    [Models("mm/page-writeback.c", "wb_timer_init", "2.5.31")]
    [Models("mm/page-writeback.c", "page_writeback_init", "2.6.20", Fingerprint = "b3bed073ff74caac")]
    [Models("mm/page-writeback.c", "page_writeback_init", "2.6.29")]
    [Models("mm/page-writeback.c", "page_writeback_init", "3.18")]
    public void PageWritebackInit()
    {
        // 2.5.31's wb_timer_init: the timer alone; RATELIMIT_PAGES is a constant.
        if (kernel.Era.RatelimitIsFixed())
        {
            ArmPeriodicWriteback();
            return;
        }

        if (IoLess)
        {
            // 3.x: no scaling of the ratios (dirty high memory is left out of dirtyable memory
            // instead); the ratelimit follows the threshold. The model keeps the kupdate timer as
            // its periodic writeback (the flusher's wakeups in the kernel).
            ArmPeriodicWriteback();
            WritebackSetRatelimitIoLess();
            return;
        }

        if (PerBdi)
        {
            // 2.6.29 and 2.6.36: no scaling of the ratios (highmem is left out of dirtyable
            // memory instead); the proportions start empty, their period set by the threshold.
            ArmPeriodicWriteback();
            WritebackSetRatelimit();
            InitProportions();
            return;
        }

        var machine = Machine;
        var correction = 100 * 4 * machine.LowPages / machine.TotalPages;
        if (correction < 100)
        {
            var background = Math.Max(1, (int)(Sysctls.DirtyBackgroundRatio * correction / 100));
            var dirty = Math.Max(1, (int)(Sysctls.DirtyRatio * correction / 100));
            Sysctls = Sysctls with { DirtyBackgroundRatio = background, DirtyRatio = dirty };
        }

        ArmPeriodicWriteback();
        WritebackSetRatelimit();
    }

    /// <summary>
    /// Start the periodic writeback: pdflush's wb_timer an interval from now, whatever the
    /// interval (page_writeback_init's mod_timer; a zero interval runs kupdate once, which then
    /// does not re-arm it). From 2.6.32 the flusher's timed sleep, which it takes only with a
    /// non-zero interval and while the disk has dirty io (2.6.35's bdi_writeback_task, 2.6.36 to
    /// 3.9 bdi_writeback_thread, 3.10 on wb_workfn's wb_wakeup_delayed): with nothing dirty it
    /// sleeps until a work or the first dirty inode's delayed wake-up
    /// (<see cref="WbWakeupDelayed"/>) wakes it.
    /// </summary>
    [Models("fs/fs-writeback.c", "bdi_writeback_thread (wb_has_dirty_io && dirty_writeback_interval ? schedule_timeout : schedule)", "2.6.36")]
    private void ArmPeriodicWriteback()
    {
        PeriodicWritebackBooted = true;
        if (!kernel.Era.FlusherRunsWbWriteback() || (Sysctls.DirtyWritebackInterval != 0 && BdiHasDirtyIo()))
        {
            Timers.ModTimer(WbTimer, Timers.Jiffies + Sysctls.DirtyWritebackInterval);
        }
    }
}
