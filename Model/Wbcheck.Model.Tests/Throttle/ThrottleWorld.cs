using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests.Throttle;

/// <summary>
/// A machine for throttling tests, on the sequential executor. A thread that sleeps runs the
/// pending threads (I/O completions first, as they were queued) until one wakes it, so a
/// throttled task sees its own writes complete. By default: 100 pages of memory, one CPU, the
/// 2.6.20 kernel's sysctls on every era (dirty threshold 40 pages, background 10: a test rig the
/// throttle tests were written around, not the era's boot defaults, which are
/// <see cref="VmSysctls.DefaultOf"/>), ratelimit 16, write chunk 24 (2.5.31: its fixed 128 and 192).
/// </summary>
internal sealed class ThrottleWorld
{
    /// <param name="recording">Record the scheduling points on it (its executor then runs the world).</param>
    public ThrottleWorld(Machine? machine = null, VmSysctls? sysctls = null, Faults? faults = null, KernelConfig? config = null, RecordingRuntime? recording = null)
    {
        Runtime = recording?.Inner ?? new SequentialRuntime();
        Runtime.RunPendingWhenBlocked = true;
        Kernel = new Kernel(recording is null ? Runtime : (IKernelRuntime)recording, (config ?? KernelConfig.Default) with
        {
            Machine = machine ?? new Machine { TotalPages = 100 },
            Sysctls = sysctls ?? VmSysctls.V2_6_20Default,
            Faults = faults ?? Faults.None,
        });
        Fs = new SimpleFs(Kernel, SimpleFsOptions.Default);
        // 2.5.31's RATELIMIT_PAGES is a constant: nothing sizes it.
        if (!Kernel.Era.RatelimitIsFixed())
        {
            Throttle.WritebackSetRatelimit();
        }
    }

    public SequentialRuntime Runtime { get; }

    public Kernel Kernel { get; }

    public SimpleFs Fs { get; }

    public DirtyThrottle Throttle => Kernel.Throttle;

    public Vmstat Vmstat => Kernel.Vmstat;

    public long Jiffies => Kernel.Timers.Jiffies;

    /// <summary>Names of the threads spawned and not yet run, oldest first.</summary>
    public IEnumerable<string> PendingNames => Runtime.Pending.Select(t => t.Name);

    /// <summary>Bios submitted so far: with -&gt;writepage, one per page written.</summary>
    public int PagesSubmitted => Kernel.Device.SubmittedCount;

    /// <summary>
    /// A file with <paramref name="dirty"/> dirty pages then <paramref name="clean"/> clean ones,
    /// charged to <paramref name="memcg"/> (before its pages, so they count in the memcg) if given.
    /// </summary>
    public Inode AddFile(int dirty, int clean = 0, MemCgroup? memcg = null)
    {
        var inode = Kernel.CreateInode(0, Fs);
        memcg?.Charge(inode.Mapping);
        for (var index = 0; index < dirty + clean; index++)
        {
            Kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: index < dirty);
        }

        return inode;
    }

    /// <summary>Put the first <paramref name="pages"/> dirty pages of <paramref name="inode"/> under writeback, their I/O not yet completed.</summary>
    public void StartWriteback(Inode inode, long pages) =>
        Run(() => Kernel.PageWriteback.DoWritepages(inode.Mapping, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = pages }));

    public void Run(Func<ValueTask> operation, TaskStruct? task = null) => Runtime.Run(task?.Comm ?? "test", async () =>
    {
        if (task is not null)
        {
            Throttle.AttachTask(task);
        }

        await operation();
    });

    public T Run<T>(Func<ValueTask<T>> operation, TaskStruct? task = null)
    {
        var result = default(T)!;
        Run(async () => { result = await operation(); }, task);
        return result;
    }

    /// <summary>get_dirty_limits as <paramref name="task"/> (an ordinary task by default) sees them.</summary>
    public DirtyLimits Limits(AddressSpace? mapping = null, TaskStruct? task = null) =>
        Run(() => ValueTask.FromResult(Throttle.GetDirtyLimits(mapping)), task);

    /// <summary>
    /// The disk dirtied and wrote back <paramref name="pages"/> pages before the test, as on a
    /// machine that has run a while: its share of completions is then 1, so the flusher's
    /// per-disk background test (3.2 on, <see cref="DirtyThrottle.OverBgroundThresh"/>) asks no
    /// more than the machine's threshold. A fresh disk's share is 0, and its flusher writes from
    /// its first dirty page (<c>DiskBackgroundShareTests</c>): the rig of the flusher tests
    /// written before that test was modelled is this one. The bandwidth estimate's stamps are
    /// moved past those pages, so no estimate counts them. The model's own
    /// <see cref="DirtyThrottle.DiskHasWritten"/>, era gate included: before 3.19 it counts nothing.
    /// </summary>
    public ThrottleWorld DiskHasWritten(long pages = 1)
    {
        Throttle.DiskHasWritten(pages);
        return this;
    }

    /// <summary>Run every pending thread (I/O completions, pdflush work), oldest first.</summary>
    public void RunAllPending() => Runtime.RunAllPending();
}
