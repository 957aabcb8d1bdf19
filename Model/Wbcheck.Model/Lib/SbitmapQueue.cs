using Wbcheck.Model.Citations;
using Wbcheck.Model.Locking;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Lib;

/// <summary>
/// The wait side of lib/sbitmap.c's struct sbitmap_queue, blk-mq's tag bitmap (5.0 on): its
/// sleepers are spread over <see cref="SbqWaitQueues"/> wait queues, each chosen by the caller's
/// own round-robin index (<see cref="SbqWaitPtr"/>), all exclusive; a freed bit wakes
/// <see cref="WakeBatch"/> of them from the wait queue at wake_index, or after it, once
/// <see cref="WakeBatch"/> bits have been freed. The bits themselves are the owner's count (the
/// model's device counts its tags in flight). docs/eras.md, the section of branch wake24.
/// <list type="bullet">
/// <item>5.0 form: a count per wait queue (ws-&gt;wait_cnt). Each freed bit takes one from the
/// first wait queue with sleepers at or after wake_index; the one that brings it to 0 resets it to
/// wake_batch, moves wake_index past that queue and wakes up to wake_batch of its sleepers.</item>
/// <item>6.2 on (the model's 6.9 and 6.10, <see cref="RequestQueueEras.SbitmapCountsWakeupsPerBitmap"/>):
/// one count for the bitmap (completion_cnt, wakeup_cnt), counted only while a task waits
/// (ws_active); each wake_batch of freed bits wakes wake_batch sleepers, queue after queue from
/// wake_index, moving wake_index past each queue it looks at.</item>
/// </list>
/// </summary>
public sealed class SbitmapQueue
{
    /// <summary>SBQ_WAIT_QUEUES.</summary>
    public const int SbqWaitQueues = 8;

    /// <summary>SBQ_WAKE_BATCH: the most sleepers one wake-up wakes.</summary>
    public const int SbqWakeBatch = 8;

    private readonly ExclusiveWaitQueue[] ws;
    private readonly int[] waitCnt;
    private readonly bool countsPerBitmap;
    private readonly ulong accessId;
    private int wakeIndex;
    private int wsActive;
    private int completionCnt;
    private int wakeupCnt;

    /// <summary>
    /// A bitmap of <paramref name="depth"/> bits whose wait queues are named after
    /// <paramref name="name"/>; <paramref name="countsPerBitmap"/> picks 6.2's counting; the state
    /// other than the wait queues is logged under <paramref name="accessId"/>.
    /// </summary>
    [Models("lib/sbitmap.c", "sbitmap_queue_init_node (wake_batch, wake_index, ws_active, ws[].wait_cnt)", "5.0")]
    public SbitmapQueue(string name, string? holderNote, int depth, bool countsPerBitmap, ulong accessId)
    {
        WakeBatch = SbqCalcWakeBatch(depth);
        ws = new ExclusiveWaitQueue[SbqWaitQueues];
        waitCnt = new int[SbqWaitQueues];
        for (var i = 0; i < SbqWaitQueues; i++)
        {
            ws[i] = new ExclusiveWaitQueue($"{name} ws[{i}].wait", holderNote, countsTaskNotYetAsleep: true);
            waitCnt[i] = WakeBatch;
        }

        this.countsPerBitmap = countsPerBitmap;
        this.accessId = accessId;
    }

    /// <summary>sbq-&gt;wake_batch: how many freed bits make one wake-up, and how many it wakes.</summary>
    public int WakeBatch { get; }

    /// <summary>sbq-&gt;wake_index: the wait queue the next wake-up looks at first.</summary>
    public int WakeIndex
    {
        get
        {
            AccessLog.Read(accessId);
            return wakeIndex;
        }
    }

    /// <summary>sbq-&gt;ws_active: tasks between their first sbitmap_prepare_to_wait and their sbitmap_finish_wait.</summary>
    public int WsActive
    {
        get
        {
            AccessLog.Read(accessId);
            return wsActive;
        }
    }

    /// <summary>
    /// wake_batch for a bitmap of <paramref name="depth"/> bits: an eighth of it, at least 1 and
    /// at most <see cref="SbqWakeBatch"/>, so that the whole depth can wake every wait queue. (No
    /// shallow depth: the model has no I/O scheduler to set one.)
    /// </summary>
    [Models("lib/sbitmap.c", "sbq_calc_wake_batch", "5.0")]
    public static int SbqCalcWakeBatch(int depth) => Math.Clamp(depth / SbqWaitQueues, 1, SbqWakeBatch);

    /// <summary>The next of the wait queues, round the ring.</summary>
    [Models("include/linux/sbitmap.h", "sbq_index_inc", "5.0")]
    public static int SbqIndexInc(int index) => (index + 1) & (SbqWaitQueues - 1);

    /// <summary>Wait queue <paramref name="index"/> (sbq-&gt;ws[index].wait).</summary>
    public ExclusiveWaitQueue Ws(int index) => ws[index];

    /// <summary>The wait queue a caller whose round-robin index is <paramref name="waitIndex"/> sleeps on next; the index moves on.</summary>
    [Models("include/linux/sbitmap.h", "sbq_wait_ptr", "5.0")]
    public static int SbqWaitPtr(ref int waitIndex)
    {
        var index = waitIndex;
        waitIndex = SbqIndexInc(waitIndex);
        return index;
    }

    /// <summary>
    /// Queue the current task exclusively at the back of wait queue <paramref name="index"/>,
    /// counting it in ws_active if it is not yet; it sleeps on the entry returned.
    /// </summary>
    [Models("lib/sbitmap.c", "sbitmap_prepare_to_wait", "5.0")]
    public WaitQueue PrepareToWait(int index, SbqWait wait)
    {
        AccessLog.Write(accessId);
        if (!wait.Counted)
        {
            wsActive++;
            wait.Counted = true;
        }

        wait.Index = index;
        wait.Entry = ws[index].PrepareToWaitExclusive();
        return wait.Entry;
    }

    /// <summary>Take the task's entry off its wait queue if a wake-up has not, and out of ws_active.</summary>
    [Models("lib/sbitmap.c", "sbitmap_finish_wait", "5.0")]
    public void FinishWait(SbqWait wait)
    {
        AccessLog.Write(accessId);
        if (wait.Entry is not null)
        {
            ws[wait.Index].FinishWait(wait.Entry);
            wait.Entry = null;
        }

        if (wait.Counted)
        {
            wsActive--;
            wait.Counted = false;
        }
    }

    /// <summary>
    /// <paramref name="nr"/> bits were freed (sbitmap_queue_clear: one): wake the sleepers they
    /// owe, by the era's counting. Interrupt context, one step: the kernel's cmpxchg retries for
    /// racing callers never happen here.
    /// </summary>
    [Models("lib/sbitmap.c", "sbitmap_queue_wake_up (while __sbq_wake_up)", "5.0")]
    [Models("lib/sbitmap.c", "sbitmap_queue_wake_up (completion_cnt, wakeup_cnt)", "6.9")]
    public void SbitmapQueueWakeUp(IKernelRuntime runtime, int nr)
    {
        AccessLog.Write(accessId);
        if (!countsPerBitmap)
        {
            for (var i = 0; i < nr; i++)
            {
                SbqWakeUp(runtime);
            }

            return;
        }

        if (wsActive == 0)
        {
            return;
        }

        completionCnt += nr;
        if (completionCnt - wakeupCnt < WakeBatch)
        {
            return;
        }

        wakeupCnt += WakeBatch;
        WakeUpQueues(runtime, WakeBatch);
    }

    /// <summary>
    /// 5.0's one freed bit: the first wait queue with sleepers from wake_index takes it off its
    /// wait_cnt; at 0 the count starts again at wake_batch, wake_index moves past that queue and
    /// up to wake_batch of its sleepers are woken. A freed bit while no task waits counts nowhere.
    /// </summary>
    [Models("lib/sbitmap.c", "__sbq_wake_up", "5.0")]
    private void SbqWakeUp(IKernelRuntime runtime)
    {
        var index = SbqWakePtr();
        if (index < 0)
        {
            return;
        }

        if (--waitCnt[index] > 0)
        {
            return;
        }

        waitCnt[index] = WakeBatch;
        wakeIndex = SbqIndexInc(wakeIndex);
        ws[index].WakeUp(runtime, WakeBatch);
    }

    /// <summary>
    /// The first wait queue with sleepers at or after wake_index, which becomes wake_index; -1
    /// when no task waits (ws_active 0) or every queue is empty (its sleepers woken, not yet run).
    /// </summary>
    [Models("lib/sbitmap.c", "sbq_wake_ptr", "5.0")]
    private int SbqWakePtr()
    {
        // The kernel's shortcut. Every queued entry is counted in ws_active, so with none the
        // loop below finds every queue empty and returns -1 too: removing this test is an
        // equivalent mutant (it changes only which wait queues the search sees read).
        if (wsActive == 0)
        {
            return -1;
        }

        var index = wakeIndex;
        for (var i = 0; i < SbqWaitQueues; i++)
        {
            if (ws[index].Count > 0)
            {
                wakeIndex = index;
                return index;
            }

            index = SbqIndexInc(index);
        }

        return -1;
    }

    /// <summary>
    /// 6.2's batch: from wake_index, each wait queue in turn (wake_index moving past it before it
    /// is looked at) wakes what it can of the <paramref name="nr"/> still owed, until none is.
    /// </summary>
    [Models("lib/sbitmap.c", "__sbitmap_queue_wake_up", "6.9")]
    private void WakeUpQueues(IKernelRuntime runtime, int nr)
    {
        var index = wakeIndex;
        for (var i = 0; i < SbqWaitQueues; i++)
        {
            var queue = ws[index];
            index = SbqIndexInc(index);
            if (queue.Count == 0)
            {
                continue;
            }

            var woken = queue.WakeUp(runtime, nr);
            if (woken == nr)
            {
                break;
            }

            nr -= woken;
        }

        wakeIndex = index;
    }
}
