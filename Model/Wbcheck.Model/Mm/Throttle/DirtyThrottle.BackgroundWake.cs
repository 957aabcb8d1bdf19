using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// balance_dirty_pages' wake-up of background writeout, era by era (docs/throttle.md,
/// "The background wake-up"). The model's background writeout is one thread running
/// <see cref="BackgroundWriteout"/>; from 2.6.32 it holds the disk's flusher while it writes
/// (<see cref="Fs.FsWriteback.WbFlusherEnter"/>), so it runs after what the flusher runs now.
/// </summary>
public sealed partial class DirtyThrottle
{
    /// <summary>
    /// A background writeout asked of the flusher (2.6.32 on) is pending or running: a wake-up
    /// meanwhile starts no second one (the kernel's flusher looks at the threshold itself).
    /// </summary>
    private bool flusherWoken;

    /// <summary>
    /// Start background writeout of the disk. Each era as the kernel did it:
    /// <list type="bullet">
    /// <item>To 2.6.31 pdflush_operation(background_writeout, 0): an idle pdflush thread takes
    /// it, and when every thread is busy the wake-up is dropped (-1); the next look of a throttled
    /// dirtier asks again.</item>
    /// <item>2.6.32 to 2.6.36 a for_background work of LONG_MAX pages queued on the disk's
    /// flusher (2.6.32's bdi_start_writeback(bdi, NULL, 0), 2.6.35's and 2.6.36's
    /// bdi_start_background_writeback through __bdi_start_writeback), which runs it after what it
    /// runs now; never dropped (a failed allocation falls back to a bare wake-up of the thread:
    /// the model's allocations do not fail).</item>
    /// <item>From 2.6.37 (Jan Kara's "writeback: integrated background writeback work", [R
    /// 6585027a5e8c]) bdi_start_background_writeback, later wb_start_background_writeback, only
    /// wakes the flusher: after its queued works (from 4.15 the flush of everything) and
    /// kupdate, wb_do_writeback runs wb_check_background_flush, background writeback while over
    /// the background threshold. Never dropped either: run after what the flusher is doing.</item>
    /// </list>
    /// From 2.6.32 the model starts one background writeout, a thread outside the pdflush pool's
    /// count that waits for the flusher, unless one is pending or running: a second for_background
    /// work queued behind it (2.6.36) would find the threshold it left, and a wake-up of a
    /// flusher already woken (2.6.37 on) adds nothing. A wake-up while the loop runs is not
    /// remembered for after it (the kernel's wb_wakeup requeues the flusher, which then looks at
    /// the threshold again): the next look of a throttled dirtier wakes it again.
    /// </summary>
    [Models("mm/page-writeback.c", "balance_dirty_pages (pdflush_operation(background_writeout, 0))", "2.6.20")]
    [Models("mm/page-writeback.c", "balance_dirty_pages (pdflush_operation(background_writeout, 0))", "2.6.29")]
    [Models("fs/fs-writeback.c", "bdi_start_background_writeback", "2.6.36")]
    [Models("fs/fs-writeback.c", "bdi_start_background_writeback", "3.18")]
    [Models("fs/fs-writeback.c", "wb_start_background_writeback", "4.19")]
    [Models("fs/fs-writeback.c", "wb_start_background_writeback", "6.9")]
    internal void BdiStartBackgroundWriteback()
    {
        if (!kernel.Era.FlusherRunsWbWriteback())
        {
            kernel.Pdflush.PdflushOperation("background_writeout", BackgroundWriteout, 0);
            return;
        }

        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
        if (flusherWoken)
        {
            return;
        }

        flusherWoken = true;
        kernel.Pdflush.StartFlusherActivity("background_writeout", FlusherBackgroundWork, 0);
    }

    /// <summary>The flusher's background writeout, after which it may be woken again.</summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask FlusherBackgroundWork(long minPages)
    {
        try
        {
            await BackgroundWriteout(minPages);
        }
        finally
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
            flusherWoken = false;
        }
    }
}
