using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// mm/pdflush.c: the pool of kernel threads that run writeback work handed to them by timers
/// and by throttled tasks. The model starts a model thread for each piece of work, and counts
/// them against the pool's size: what callers see is the same, work is refused when every
/// thread is busy.
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
        return 0;
    }

    /// <summary>Whether the current thread is a pdflush thread.</summary>
    [Models("include/linux/writeback.h", "current_is_pdflush", "2.6.20")]
    public bool CurrentIsPdflush()
    {
        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Pdflush));
        return workers.Contains(kernel.Runtime.Current);
    }
}
