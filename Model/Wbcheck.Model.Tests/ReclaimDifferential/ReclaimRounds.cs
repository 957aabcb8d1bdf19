using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.ReclaimDifferential;

/// <summary>
/// One direct reclaim (try_to_free_pages, SWAP_CLUSTER_MAX to free) of the model over a zone
/// whose inactive list is <see cref="ReclaimCase.Pages"/>, oldest first, recorded as the
/// <see cref="ReclaimEvent"/>s the reference (<see cref="DirectReclaimReference"/>) also writes:
/// each batch of shrink_inactive_list as the mm_vmscan_lru_shrink_inactive tracepoint reports it
/// (<see cref="IKernelObserver.LruShrinkInactive"/>) with the pages it started writing, each nap
/// (a sleep's label and timeout) and each wake-up of the flushers (the thread it queues). The
/// machine is the default one (2^18 pages), so that the few pages a case writes stay far below
/// every dirty threshold; I/O submitted is never completed during the call.
/// </summary>
internal sealed class ReclaimRounds : IKernelRuntime, IKernelObserver
{
    private readonly SequentialRuntime inner = new();
    private readonly List<ReclaimEvent> events = [];
    private readonly Dictionary<WaitQueue, int> wakeups = [];
    private readonly HashSet<ModelThread> flushers = [];
    private int written;

    private ReclaimRounds(ReclaimCase c)
    {
        var sysctls = VmSysctls.V2_6_20Default with { LaptopMode = c.LaptopMode ? 1 : 0 };
        Kernel = new Kernel(this, new KernelConfig { Era = c.Era, Sysctls = sysctls });
        Kernel.Observers.Add(this);
        var file = Kernel.CreateInode(c.Pages.Count, new SimpleFs(Kernel, SimpleFsOptions.Default));
        for (var index = 0; index < c.Pages.Count; index++)
        {
            var page = Kernel.Filemap.AddCachedPage(file.Mapping, index, c.Pages[index] == ReclaimPage.Dirty);
            if (page.Zone != Kernel.PageAlloc.Zones[0])
            {
                throw new InvalidOperationException($"page {index} went to {page.Zone}: the case wants one zone");
            }

            if (c.Pages[index] == ReclaimPage.Pinned)
            {
                Filemap.FolioGet(page); // a long-term pin: reclaim keeps the page
            }
        }
    }

    public Kernel Kernel { get; }

    public ModelThread Current => inner.Current;

    /// <summary>The model's events for <paramref name="c"/>, and what the call returned.</summary>
    public static (IReadOnlyList<ReclaimEvent> Events, int Reclaimed) Run(ReclaimCase c)
    {
        var rounds = new ReclaimRounds(c);
        var zone = rounds.Kernel.PageAlloc.Zones[0];
        var reclaimed = 0;
        rounds.inner.Run("reclaimer", async () => reclaimed = await rounds.Kernel.Vmscan.TryToFreePages([zone], Gfp.Kernel));
        return (rounds.events, reclaimed);
    }

    public void LruShrinkInactive(Zone zone, int priority, int scanned, int taken, int reclaimed, bool kswapd)
    {
        events.Add(new ReclaimEvent.Batch(priority, scanned, taken, reclaimed, written));
        written = 0;
    }

    /// <summary>pageout's -&gt;writepage starts writing a page: one more for the batch under way.</summary>
    public void PageWriteStarting(Page page, WritebackControl wbc, long iSize) => written++;

    public Preemption Schedule(PointKind kind, StepLabel label)
    {
        if (kind == PointKind.Wait)
        {
            events.Add(new ReclaimEvent.Nap(label.Function, label.Arg));
        }

        return inner.Schedule(kind, label);
    }

    /// <summary>
    /// A sleep lets the disk finish: every I/O in flight completes, oldest first, and the sleep
    /// ends if that woke its queue (a write's completion wakes congestion_wait). The flushers
    /// woken are recorded, never run: their writes are not the loop's.
    /// </summary>
    public Preemption Sleep(WaitQueue queue, StepLabel label)
    {
        events.Add(new ReclaimEvent.Nap(label.Function, label.Arg));
        var start = wakeups.GetValueOrDefault(queue);
        for (var next = NextIo(); next >= 0; next = NextIo())
        {
            inner.RunPending(next);
        }

        return wakeups.GetValueOrDefault(queue) != start ? Preemption.Completed : inner.Sleep(queue, label); // else WouldBlockException
    }

    private int NextIo() => inner.Pending.ToList().FindIndex(thread => !flushers.Contains(thread));

    public ModelThread Spawn(string name, Func<Task> body, PointKind firstPoint = PointKind.Start, StepLabel? firstLabel = null)
    {
        // A bio's completion (bio_endio) is the disk's; every other thread queued is a flusher woken.
        var thread = inner.Spawn(name, body, firstPoint, firstLabel);
        if (firstPoint != PointKind.CompleteIo)
        {
            events.Add(new ReclaimEvent.Spawn(name));
            flushers.Add(thread);
        }

        return thread;
    }

    public void WakeAll(WaitQueue queue)
    {
        wakeups[queue] = wakeups.GetValueOrDefault(queue) + 1;
        inner.WakeAll(queue);
    }

    public int Choose(ChoiceKind kind, int count) => inner.Choose(kind, count);

    public void EnterAtomic(string lockName) => inner.EnterAtomic(lockName);

    public void ExitAtomic() => inner.ExitAtomic();

    public void Park(Action continuation) => inner.Park(continuation);
}
