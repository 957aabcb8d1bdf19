using Wbcheck.Model;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// A scenario's background writeback as the disk's one flusher runs it. It is a thread of the
/// writeback pool (a scenario with a pool of one, PdflushThreads 1, has reclaim's wake-up of
/// pdflush, to 2.6.31, find the pool busy and drop it, as pdflush_operation did); from 2.6.32
/// (<see cref="KernelEras.FlusherRunsWbWriteback"/>) it also holds the wb's flusher while it writes
/// (wb_do_writeback runs one activity at a time), so that a work queued on the flusher meanwhile
/// (2.6.32 to 4.14) or a flush of everything asked of it (WB_start_all, from 4.15), which is what
/// reclaim's wake-up of the flushers does, runs after it on the flusher's thread, as the kernel's
/// one flusher of a disk runs them, rather than beside it or not at all.
/// </summary>
internal static class DiskFlusher
{
    /// <summary>Start <paramref name="writeback"/> as the disk's flusher: the thread "pdflush flusher".</summary>
    public static void Start(Kernel kernel, Func<ValueTask> writeback)
    {
        var started = kernel.Pdflush.PdflushOperation("flusher", async _ =>
        {
            var holdsFlusher = kernel.Era.FlusherRunsWbWriteback();
            if (holdsFlusher)
            {
                await kernel.FsWriteback.WbFlusherEnter();
            }

            try
            {
                await writeback();
            }
            finally
            {
                if (holdsFlusher)
                {
                    kernel.FsWriteback.WbFlusherLeave();
                }
            }
        }, 0);
        if (started != 0)
        {
            throw new InvalidOperationException("the disk's flusher found the writeback pool busy: a scenario starts it before any other writeback");
        }
    }
}
