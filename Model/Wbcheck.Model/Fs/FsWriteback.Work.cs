using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;
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
    /// Queue <paramref name="work"/> on <paramref name="wb"/>'s flusher (null: the root wb's) and
    /// wake it, counting it in its completion: the root's flusher thread is started unless it is
    /// already woken, in which case it finds the work before it sleeps again; a cgwb's flusher the
    /// same (<see cref="Mm.Throttle.DirtyThrottle.WbWakeup"/>). A wb wb_shutdown has unregistered
    /// takes no work (the model's root wb is never unregistered).
    /// </summary>
    [Models("fs/fs-writeback.c", "bdi_queue_work", "2.6.36")]
    [Models("fs/fs-writeback.c", "wb_queue_work", "4.4")]
    [Models("fs/fs-writeback.c", "wb_queue_work", "6.9")]
    internal void WbQueueWork(CgroupWb? wb, WbWritebackWork work)
    {
        if (wb is not null && !wb.Registered)
        {
            return;
        }

        if (work.Done is { } done)
        {
            done.Cnt++;
        }

        if (wb is not null)
        {
            wb.QueueWork(work);
            kernel.Throttle.WbWakeup(wb);
            return;
        }

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

    /// <summary>
    /// Drop the caller's reference to <paramref name="done"/> and wait until the flusher has run
    /// every work counted by it.
    /// </summary>
    [Models("kernel/sched/completion.c", "wait_for_completion", "2.6.36")]
    [Models("fs/fs-writeback.c", "wb_wait_for_completion", "4.4")]
    [Models("fs/fs-writeback.c", "wb_wait_for_completion", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    internal async ValueTask WbWaitForCompletion(WbCompletion done)
    {
        done.Cnt--;
        while (done.Cnt != 0)
        {
            await Runtime.Sleep(done.Waitq, new StepLabel("wait_for_completion"));
        }
    }

    /// <summary>The flusher has run <paramref name="work"/>: count it off its completion, waking the caller at the last.</summary>
    [Models("kernel/sched/completion.c", "complete", "2.6.36")]
    [Models("fs/fs-writeback.c", "finish_writeback_work", "6.9")]
    internal void FinishWritebackWork(WbWritebackWork work)
    {
        if (work.Done is not { } done)
        {
            return;
        }

        done.Cnt--;
        if (done.Cnt == 0)
        {
            Runtime.WakeAll(done.Waitq);
        }
    }
}
