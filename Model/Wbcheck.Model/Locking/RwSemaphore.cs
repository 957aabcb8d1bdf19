using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Locking;

/// <summary>
/// struct rw_semaphore as the model needs it: readers share it, a writer holds it alone, and a
/// thread that cannot have it sleeps until the holders let go. Taken without a scheduling point
/// when it is free (as the model takes the flusher, FsWriteback.Work.cs), so a program in which
/// it is never contended runs the steps it ran without it; a thread that must wait sleeps on the
/// semaphore's queue, which names the writer that holds it. Not modelled: the kernel's handoff
/// that stops new readers behind a waiting writer (the model's readers hold it for one short
/// section, and none queues behind the writer it would wait for), lock debugging, and
/// optimistic spinning.
/// </summary>
public sealed class RwSemaphore(string name)
{
    private readonly WaitQueue queue = new(name);
    private int readers;

    /// <summary>The lock's name, e.g. "wb_switch_rwsem".</summary>
    public string Name => queue.Name;

    /// <summary>The writer that holds it, if one does.</summary>
    public ModelThread? Writer => queue.Holder;

    /// <summary>How many readers hold it now.</summary>
    public int Readers
    {
        get
        {
            AccessLog.Read(queue.AccessId);
            return readers;
        }

        private set
        {
            AccessLog.Write(queue.AccessId);
            readers = value;
        }
    }

    /// <summary>Take it for reading: sleep while a writer holds it.</summary>
    [Models("kernel/locking/rwsem.c", "down_read", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask DownRead(IKernelRuntime runtime, StepLabel label)
    {
        while (queue.Holder is not null)
        {
            await runtime.Sleep(queue, label);
        }

        Readers++;
    }

    /// <summary>Take it for reading if no writer holds it; false, and not taken, if one does.</summary>
    [Models("kernel/locking/rwsem.c", "down_read_trylock", "6.9")]
    public bool DownReadTrylock()
    {
        if (queue.Holder is not null)
        {
            return false;
        }

        Readers++;
        return true;
    }

    /// <summary>Let go of a read hold; the last reader wakes a writer that waits.</summary>
    [Models("kernel/locking/rwsem.c", "up_read", "6.9")]
    public void UpRead(IKernelRuntime runtime)
    {
        Diagnostics.Bug.On(Readers == 0, "up_read", $"{Name} is not held for reading");
        Readers--;
        if (readers == 0)
        {
            runtime.WakeAll(queue);
        }
    }

    /// <summary>Take it for writing: sleep while a writer or any reader holds it.</summary>
    [Models("kernel/locking/rwsem.c", "down_write", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    public async ValueTask DownWrite(IKernelRuntime runtime, StepLabel label)
    {
        while (queue.Holder is not null || Readers > 0)
        {
            await runtime.Sleep(queue, label);
        }

        queue.Holder = runtime.Current;
    }

    /// <summary>Let go of the write hold, waking every reader and writer that waits.</summary>
    [Models("kernel/locking/rwsem.c", "up_write", "6.9")]
    public void UpWrite(IKernelRuntime runtime)
    {
        Diagnostics.Bug.On(queue.Holder != runtime.Current, "up_write", $"{Name} is not held for writing by {runtime.Current}");
        queue.Holder = null;
        runtime.WakeAll(queue);
    }
}
