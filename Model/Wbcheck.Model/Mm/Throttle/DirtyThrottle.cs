using Wbcheck.Model.Citations;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// The dirty-memory throttle: the first half of mm/page-writeback.c as of 2.6.20, before
/// per-device limits (2.6.24) and I/O-less throttling (3.2). A task that dirties pages calls in
/// after every page; every ratelimit_pages pages per CPU it looks at the machine's dirty memory
/// and, over the dirty threshold, writes back a chunk itself; over the background threshold it
/// hands the rest to pdflush. Periodic kupdate writes back data that has been dirty too long.
/// Its files (DirtyThrottle.*.cs) follow the kernel's functions, one concept each; the writeback
/// they start goes through <see cref="Fs.FsWriteback"/> and do_writepages of the current model.
/// </summary>
public sealed partial class DirtyThrottle
{
    private VmSysctls sysctlsField;
    private long ratelimitPagesField = 32;
    private bool dirtyExceededField;

    /// <summary>PAGE_CACHE_SIZE, in bytes.</summary>
    public const long PageCacheSize = 1L << WritebackControl.PageShift;

    private readonly Kernel kernel;
    private readonly long[] ratelimits;
    private readonly Dictionary<ModelThread, TaskStruct> tasks = [];

    // By the task's identity: two tasks with the same name and flags are still two tasks.
    private readonly Dictionary<TaskStruct, TaskDirtied> dirtied = new(ReferenceEqualityComparer.Instance);

    public DirtyThrottle(Kernel kernel)
    {
        this.kernel = kernel;
        sysctlsField = kernel.Config.Sysctls;
        if (kernel.Config.Era.RatelimitIsFixed())
        {
            ratelimitPagesField = RatelimitPages2531;
        }
        ratelimits = new long[kernel.Config.Machine.OnlineCpus];
        WbTimer = new TimerList("wb_timer", WbTimerFn);
        LaptopModeWbTimer = new TimerList("laptop_mode_wb_timer", LaptopTimerFn);
    }

    /// <summary>The vm sysctls now in force.</summary>
    public VmSysctls Sysctls
    {
        get
        {
            AccessLog.Read(AccessId(Field.Sysctls));
            return sysctlsField;
        }

        private set
        {
            AccessLog.Write(AccessId(Field.Sysctls));
            sysctlsField = value;
        }
    }

    /// <summary>
    /// ratelimit_pages: after a CPU has seen this many pages dirtied, the throttle looks at the
    /// machine's dirty memory. 32 until <see cref="WritebackSetRatelimit"/> sizes it at boot;
    /// 2.5.31's RATELIMIT_PAGES, a constant (<see cref="RatelimitPages2531"/>).
    /// </summary>
    public long RatelimitPages
    {
        get
        {
            AccessLog.Read(AccessId(Field.RatelimitPages));
            return ratelimitPagesField;
        }

        private set
        {
            AccessLog.Write(AccessId(Field.RatelimitPages));
            ratelimitPagesField = value;
        }
    }

    /// <summary>
    /// dirty_exceeded: some task found dirty memory over its threshold and has not yet seen it
    /// back under. While set, every CPU looks every 8 pages instead of every ratelimit_pages.
    /// </summary>
    public bool DirtyExceeded
    {
        get
        {
            AccessLog.Read(AccessId(Field.DirtyExceeded));
            return dirtyExceededField;
        }

        private set
        {
            AccessLog.Write(AccessId(Field.DirtyExceeded));
            dirtyExceededField = value;
        }
    }

    /// <summary>wb_timer: runs kupdate every dirty_writeback_interval.</summary>
    public TimerList WbTimer { get; }

    /// <summary>laptop_mode_wb_timer: the full sync after a quiet spell, in laptop mode.</summary>
    public TimerList LaptopModeWbTimer { get; }

    /// <summary>
    /// current: the task of the running model thread, as attached with <see cref="AttachTask"/>;
    /// a thread never attached is a task of its own (<see cref="ForkTask"/>), as every thread
    /// that runs kernel code is in the kernel.
    /// </summary>
    public TaskStruct Current
    {
        get
        {
            AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
            var thread = kernel.Runtime.Current;
            return tasks.TryGetValue(thread, out var task) ? task : ForkTask(thread);
        }
    }

    /// <summary>
    /// The task of a model thread that was never attached to one: an ordinary task on CPU 0
    /// named after the thread, with counts of its own (a forked task's: nothing dirtied, the
    /// initial nr_dirtied_pause, no share of recent dirtying). Made when the thread is first
    /// asked for current and kept for its life. Only the thread itself makes its entry, so two
    /// threads doing so commute (the state's fingerprint sorts the map by thread): reported as
    /// the read <see cref="Current"/> is.
    /// </summary>
    [Models("kernel/fork.c", "copy_process", "2.6.29")]
    private TaskStruct ForkTask(ModelThread thread)
    {
        var task = new TaskStruct { Comm = thread.Name };
        tasks[thread] = task;
        return task;
    }

    private Machine Machine => kernel.Config.Machine;

    private Vmstat Vmstat => kernel.Vmstat;

    private Faults Faults => kernel.Faults;

    private Timers Timers => kernel.Timers;

    /// <summary>
    /// The per-CPU ratelimits counter (static in balance_dirty_pages_ratelimited_nr): pages the
    /// CPU has seen dirtied since it last looked at dirty memory. From 3.19 it is bdp_ratelimits,
    /// counted by account_page_dirtied and reset when a task on the CPU looks.
    /// </summary>
    public long Ratelimits(int cpu)
    {
        AccessLog.Read(AccessIds.Of(AccessIds.Subsystem.Throttle));
        return ratelimits[cpu];
    }

    /// <summary>Make the running model thread <paramref name="task"/>: its CPU and its throttling flags.</summary>
    public void AttachTask(TaskStruct task)
    {
        if (task.Cpu >= ratelimits.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(task), task.Cpu, $"{task.Comm} is pinned to CPU {task.Cpu}, but the machine has {ratelimits.Length} online CPU(s)");
        }

        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.Throttle));
        tasks[kernel.Runtime.Current] = task;
    }

    /// <summary>
    /// Write the vm sysctls. A new dirty_writeback_interval takes effect at once, as its handler
    /// re-arms (or, for zero, stops) the kupdate timer; a new dirty_ratio re-sizes what its
    /// handler re-sizes (<see cref="DirtyRatioHandler"/>). A sysctl the era's kernel did not have
    /// is refused, as at boot (<see cref="EraSettings"/>).
    /// </summary>
    public void WriteSysctls(VmSysctls value)
    {
        EraSettings.Check(value, kernel.Era);
        var old = Sysctls;
        Sysctls = value;
        if (value.DirtyWritebackInterval != old.DirtyWritebackInterval)
        {
            DirtyWritebackCentisecsHandler();
        }

        if (value.DirtyRatio != old.DirtyRatio)
        {
            DirtyRatioHandler();
        }
    }

    /// <summary>Set the mapped and anonymous page counts, which lower the dirty limits.</summary>
    public void SetMappedMemory(long fileMapped, long anonPages)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fileMapped);
        ArgumentOutOfRangeException.ThrowIfNegative(anonPages);
        Vmstat.NrFileMapped = fileMapped;
        Vmstat.NrAnonPages = anonPages;
    }

    /// <summary>Set the pages an NFS server holds uncommitted.</summary>
    public void SetUnstableNfs(long pages)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pages);
        Vmstat.NrUnstableNfs = pages;
    }

    /// <summary>Dirty plus unstable: the pages writeback could make clean (the kernel sums them at each use).</summary>
    private long NrReclaimable() => Vmstat.NrFileDirty + Vmstat.NrUnstableNfs;

    /// <summary>The dirty and unstable pages, and one for each dirty inode (each inode's write may dirty the block device's cache).</summary>
    [Models("fs/fs-writeback.c", "get_nr_dirty_pages", "4.19")]
    internal long GetNrDirtyPages() => NrReclaimable() + kernel.Inodes.Count(inode => (inode.State & InodeState.DirtyPages) != 0);

    private ulong AccessId(Field field) => AccessIds.Of(AccessIds.Kind.Subsystem, 5, (int)field);

    /// <summary>The throttle's fields, as AccessIds numbers them.</summary>
    private enum Field
    {
        Sysctls,
        RatelimitPages,
        DirtyExceeded,
        LastOldFlush,
        PeriodicFlushInFlight,
        PeriodicWritebackBooted,
        FlusherRuns,
    }
}
