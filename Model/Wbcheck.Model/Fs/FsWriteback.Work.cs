using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Fs;

/// <summary>
/// The root wb's flusher from 2.6.32 (<see cref="KernelEras.SyncQueuesFlusherWork"/>): its
/// work_list, and the one thread that runs its writeback. The kernel's flusher is one thread that
/// runs the queued works one after another, then kupdate's and background writeback; the model
/// runs background writeout and kupdate on threads of their own (the pdflush pool's), so the
/// flusher is a token each of them holds while it walks (<see cref="WbFlusherEnter"/>): two walks of
/// the flusher never run at once, and sync's work waits for the background loop as the kernel's
/// work list did (docs/flusher-loop.md, "sync(2) on the flusher").
/// </summary>
public sealed partial class FsWriteback
{
    private readonly Queue<WbWritebackWork> workList = new();
    private readonly WaitQueue flusher = new("the wb's flusher");
    private bool flusherThreadWoken;

    /// <summary>Whether a work is queued on the flusher (!list_empty(&amp;wb-&gt;work_list)).</summary>
    internal bool WorkQueued
    {
        get
        {
            AccessLog.Read(flusher.AccessId);
            return workList.Count > 0;
        }
    }

    /// <summary>
    /// The flusher starts one of its activities (a queued work, kupdate, background writeout):
    /// it waits until the flusher has finished the one it runs now.
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_do_writeback (one work at a time)", "2.6.36")]
    [Models("fs/fs-writeback.c", "wb_do_writeback (one work at a time)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask WbFlusherEnter()
    {
        while (flusher.Holder is not null)
        {
            await Runtime.Sleep(flusher, new StepLabel("wb_do_writeback"));
        }

        flusher.Holder = Runtime.Current;
    }

    /// <summary>
    /// Background writeout stops for a queued work and starts again once the flusher has run
    /// every queued work (<see cref="KernelEras.FlusherYieldsToQueuedWork"/>: wb_writeback's break,
    /// then wb_do_writeback's wb_check_background_flush after the works).
    /// </summary>
    [Models("fs/fs-writeback.c", "wb_writeback (break for other work), wb_check_background_flush", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask WbFlusherYield()
    {
        WbFlusherLeave();
        while (WorkQueued || flusher.Holder is not null)
        {
            await Runtime.Sleep(flusher, new StepLabel("wb_check_background_flush"));
        }

        flusher.Holder = Runtime.Current;
    }

    /// <summary>Whether the current thread holds the flusher.</summary>
    internal bool WbFlusherHeld => flusher.Holder == Runtime.Current;

    /// <summary>The flusher has finished an activity: the next may start.</summary>
    internal void WbFlusherLeave()
    {
        Diagnostics.Bug.On(flusher.Holder != Runtime.Current, "wb_do_writeback", $"{Runtime.Current} leaves the flusher, which {flusher.Holder} runs");
        flusher.Holder = null;
        Runtime.WakeAll(flusher);
    }

    /// <summary>
    /// Queue <paramref name="work"/> on the flusher and wake it: the flusher thread is started
    /// unless it is already woken, in which case it finds the work before it sleeps again.
    /// </summary>
    [Models("fs/fs-writeback.c", "bdi_queue_work", "2.6.36")]
    [Models("fs/fs-writeback.c", "wb_queue_work", "6.9")]
    internal void WbQueueWork(WbWritebackWork work)
    {
        AccessLog.Write(flusher.AccessId);
        workList.Enqueue(work);
        WbWakeup();
    }

    /// <summary>Wake the flusher thread: start it unless it is woken already and will look again before it sleeps.</summary>
    [Models("fs/fs-writeback.c", "wb_wakeup", "6.9")]
    private void WbWakeup()
    {
        if (!flusherThreadWoken)
        {
            flusherThreadWoken = true;
            Runtime.Spawn("flusher", async () => await kernel.Throttle.WbDoWriteback());
        }
    }

    /// <summary>
    /// The next queued work, or null when none is left; with null the flusher thread goes back to
    /// sleep once it has looked at what it runs after the works (a flush of everything from 4.14),
    /// and the next work queued wakes it again.
    /// </summary>
    [Models("fs/fs-writeback.c", "get_next_work_item", "6.9")]
    internal WbWritebackWork? GetNextWorkItem()
    {
        AccessLog.Write(flusher.AccessId);
        if (workList.TryDequeue(out var work))
        {
            return work;
        }

        flusherThreadWoken = false;
        return null;
    }

    /// <summary>Wait until the flusher has run <paramref name="work"/>.</summary>
    [Models("kernel/sched/completion.c", "wait_for_completion", "2.6.36")]
    [Models("fs/fs-writeback.c", "wb_wait_for_completion", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask WaitForCompletion(WbWritebackWork work)
    {
        while (!work.Done)
        {
            await Runtime.Sleep(work.Completion, new StepLabel("wait_for_completion"));
        }
    }

    /// <summary>The flusher has run <paramref name="work"/>: wake its caller.</summary>
    [Models("kernel/sched/completion.c", "complete", "2.6.36")]
    internal void Complete(WbWritebackWork work)
    {
        work.Done = true;
        Runtime.WakeAll(work.Completion);
    }
}
