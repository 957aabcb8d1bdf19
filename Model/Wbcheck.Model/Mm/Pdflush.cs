using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// mm/pdflush.c: the pool of kernel threads that run writeback work handed to them by timers
/// and by throttled tasks. The model starts a model thread for each piece of work, and counts
/// them against the pool's size: what callers see is the same, work is refused when every
/// thread is busy. From 2.6.32 there is no pool: the model runs the per-bdi flusher's background
/// writeout on such a thread too, never refused (<see cref="StartFlusherActivity"/>).
/// </summary>
public sealed class Pdflush(Kernel kernel)
{
    private readonly HashSet<ModelThread> workers = [];
    private int busy;

    /// <summary>Threads running work now.</summary>
    public int Busy
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Pdflush));
            return busy;
        }

        private set
        {
            AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Pdflush));
            busy = value;
        }
    }

    /// <summary>
    /// Hand <paramref name="function"/>(<paramref name="argument"/>) to an idle pdflush thread.
    /// Returns 0 when one took it, -1 when all were busy (the work is then dropped: callers
    /// decide whether to try again later).
    /// </summary>
    [Models("mm/pdflush.c", "pdflush_operation", "2.6.20")]
    public int PdflushOperation(string name, Func<long, ValueTask> function, long argument)
    {
        if (Busy >= kernel.Config.Machine.PdflushThreads)
        {
            return -1;
        }

        Spawn(name, function, argument);
        return 0;
    }

    /// <summary>
    /// Run <paramref name="function"/>(<paramref name="argument"/>) as an activity of the disk's
    /// flusher (2.6.32 on: per-bdi flusher threads, no pool): on a thread shaped like a pdflush
    /// thread's (its walks are the writeback thread's, <see cref="CurrentIsPdflush"/>) and counted
    /// as busy, but never refused, whatever the pool's size: the kernel's flusher takes every
    /// activity and runs them one after another (the model's flusher token orders them).
    /// </summary>
    [Models("fs/fs-writeback.c", "bdi_queue_work (wake_up_process of the flusher thread)", "2.6.36")]
    internal void StartFlusherActivity(string name, Func<long, ValueTask> function, long argument) =>
        Spawn(name, function, argument);

    private void Spawn(string name, Func<long, ValueTask> function, long argument)
    {
        Busy++;
        var worker = kernel.Runtime.Spawn($"pdflush {name}", async () =>
        {
            try
            {
                await function(argument);
            }
            finally
            {
                Busy--;
            }
        });
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Pdflush));
        workers.Add(worker);
    }

    /// <summary>Whether the current thread is a pdflush thread.</summary>
    [Models("include/linux/writeback.h", "current_is_pdflush", "2.6.20")]
    public bool CurrentIsPdflush()
    {
        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Pdflush));
        return workers.Contains(kernel.Runtime.Current);
    }
}
