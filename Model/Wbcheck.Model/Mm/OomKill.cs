using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// The OOM killer, as the model's tasks meet it: an allocation whose reclaim cannot go on
/// (PageAlloc.DirectReclaim.cs) calls <see cref="OutOfMemory"/>, which kills a task: it gets
/// TIF_MEMDIE (from 4.14 tsk_is_oom_victim), which lets its allocations dig into the reserves
/// below the min watermark, and SIGKILL. The victim is the allocating task. The kernel picks the
/// task with the most memory of its own (badness: total_vm in 2.6.x, rss and page tables from
/// 2.6.36 [R]); the model's tasks own none (the page cache they fill is nobody's, and freeing a
/// task's memory frees no page-cache page), so nothing tells them apart, and killing another
/// would free nothing the allocation could use: the OOM killer would come round again, once
/// that victim had exited, until it reached the allocating task [I]. The model takes that end
/// at once, as vm.oom_kill_allocating_task would.
/// <para>
/// A victim lives until its task exits (<see cref="GetSignal"/>, on its way back to user space);
/// while one lives, another task's out_of_memory kills nobody and its allocation retries, unless
/// the oom_reaper (4.6 on) has reaped the victim and marked it to be skipped.
/// </para>
/// </summary>
public sealed class OomKill(Kernel kernel)
{
    /// <summary>OOM_REAPER_DELAY: how long the reaper leaves a victim to exit by itself (6.9; 2 HZ).</summary>
    public const long OomReaperDelay = 2 * Time.Timers.Hz;

    private List<OomKillReport>? kills;
    private List<Victim>? victims;
    private List<int>? exited;
    private int aborts;

    /// <summary>Every kill of the run, in order.</summary>
    public IReadOnlyList<OomKillReport> Kills => kills ?? [];

    /// <summary>How often out_of_memory found a victim still alive and killed nobody (select_bad_process's abort).</summary>
    public int Aborts => aborts;

    /// <summary>How many victims have not exited yet.</summary>
    public int LiveVictims => victims?.Count ?? 0;

    /// <summary>
    /// Whether the running task is an OOM victim (TIF_MEMDIE; tsk_is_oom_victim from 4.14): its
    /// allocations may use the reserves, and one that finds them empty fails rather than reclaim.
    /// </summary>
    [Models("include/linux/oom.h", "tsk_is_oom_victim", "6.9")]
    [Models("include/linux/sched.h", "TIF_MEMDIE", "2.6.20")]
    public bool CurrentIsVictim => victims is not null && Current() is { } thread && Find(thread.Id) is not null;

    /// <summary>
    /// fatal_signal_pending(current): the OOM killer's SIGKILL, which the victim gets with
    /// TIF_MEMDIE; the model sends no other signal.
    /// </summary>
    [Models("include/linux/sched/signal.h", "fatal_signal_pending", "6.9")]
    public bool FatalSignalPending => CurrentIsVictim;

    /// <summary>
    /// out_of_memory for the running task's allocation of <paramref name="allocation"/>. A task
    /// already killed is not killed again (3.x on: "If current has a pending SIGKILL ...
    /// automatically select it"). Another task killed and not yet exited makes the OOM killer
    /// abort (select_bad_process's ERR_PTR(-1) in 2.6.x, OOM_SCAN_ABORT in 3.x, oom_evaluate_task's
    /// abort from 4.x: "the OOM killer is disabled while a victim exits"), so the allocation
    /// retries without a kill (<see cref="Aborts"/>); from 4.6 a victim the oom_reaper has reaped
    /// (MMF_OOM_SKIP) is passed over instead (<see cref="OomEras.OomReaperSkipsReapedVictims"/>).
    /// Otherwise the allocating task is killed, and from 4.6 queued for the reaper
    /// (<see cref="WakeOomReaper"/>). oom_lock (4.x; a mutex_trylock around the high-watermark
    /// retry and out_of_memory, a second allocator sleeping a jiffy) has nothing to order here:
    /// the model's section has no scheduling point, so no second allocator can find it held.
    /// With <paramref name="memcg"/> it is the memcg OOM killer (mem_cgroup_out_of_memory, which
    /// calls out_of_memory with oc-&gt;memcg from 4.x): it scans the memcg's tasks only, so only a
    /// victim of that memcg makes it abort (the model's tasks belong to no memcg: a victim's memcg
    /// is the one whose OOM killed it, and a global victim stops no memcg OOM [I]); its victim is
    /// marked as the global OOM killer's are (mark_oom_victim: TIF_MEMDIE and SIGKILL, the reaper
    /// from 4.6), and recorded on the memcg (<see cref="MemCgroup.OomKills"/>). The global OOM
    /// killer aborts on any victim, a memcg's included.
    /// </summary>
    [Models("mm/oom_kill.c", "out_of_memory", "2.6.20")]
    [Models("mm/oom_kill.c", "select_bad_process", "2.6.20")]
    [Models("mm/oom_kill.c", "out_of_memory", "3.18")]
    [Models("mm/oom_kill.c", "oom_scan_process_thread (OOM_SCAN_ABORT)", "3.18")]
    [Models("mm/oom_kill.c", "out_of_memory", "4.19")]
    [Models("mm/oom_kill.c", "oom_evaluate_task (abort, MMF_OOM_SKIP)", "4.19")]
    [Models("mm/oom_kill.c", "oom_kill_process", "4.19")]
    [Models("mm/oom_kill.c", "out_of_memory", "6.9")]
    [Models("mm/oom_kill.c", "mark_oom_victim", "6.9")]
    [Models("mm/memcontrol.c", "mem_cgroup_out_of_memory (out_of_memory with oc->memcg)", "4.19")]
    [Models("mm/oom_kill.c", "mem_cgroup_out_of_memory (select_bad_process in the memcg)", "2.6.29")]
    public void OutOfMemory(string allocation, MemCgroup? memcg = null)
    {
        var current = Current() ?? throw new UnmodelledPathException("out_of_memory", $"an allocation of {allocation} outside any task reached the OOM killer (a set-up cannot be killed): give the machine more pages");
        // The victims are the allocator's state as far as the model's footprints go.
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.PageAlloc));
        victims ??= [];
        if (Find(current.Id) is not null)
        {
            return;
        }

        // A memcg OOM scans only the memcg's tasks: a victim of another memcg does not stop it.
        // The global OOM scans every task.
        var skipReaped = kernel.Era.OomReaperSkipsReapedVictims();
        if (victims.Exists(victim => (memcg is null || victim.Memcg == memcg) && !(skipReaped && victim.OomSkip)))
        {
            aborts++;
            return;
        }

        var killed = new Victim(current.Id, memcg);
        victims.Add(killed);
        kills ??= [];
        kills.Add(new OomKillReport(current.Name, current.Name, allocation, kernel.Era, memcg?.Name));
        memcg?.RecordOomKill(current.Name);
        if (skipReaped)
        {
            WakeOomReaper(killed);
        }
    }

    /// <summary>
    /// The running task on its way back to user space: a pending SIGKILL is delivered and the
    /// task exits (do_group_exit), which ends an OOM victim's life (exit_oom_victim: TIF_MEMDIE
    /// cleared, so the OOM killer may choose again). True when the task has exited: its program
    /// must end here, as a killed process runs nothing more; a scenario's thread calls this
    /// between two system calls. A task that exited may not run model code again.
    /// </summary>
    [Models("kernel/signal.c", "get_signal (SIGKILL: do_group_exit)", "6.9")]
    [Models("kernel/exit.c", "do_exit (exit_mm: exit_oom_victim)", "6.9")]
    [Models("mm/oom_kill.c", "exit_oom_victim", "4.19")]
    public bool GetSignal()
    {
        var current = Current() ?? throw new InvalidOperationException("get_signal outside any task");
        AssertNotExited(current);
        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.PageAlloc));
        if (Find(current.Id) is not { } victim)
        {
            return false;
        }

        victims!.Remove(victim);
        (exited ??= []).Add(current.Id);
        return true;
    }

    /// <summary>The running task must not have exited: a killed task starts no new operation.</summary>
    internal void AssertNotExited(ModelThread thread)
    {
        if (exited is not null && exited.Contains(thread.Id))
        {
            throw new InvalidOperationException($"{thread} exited on its OOM kill's SIGKILL and cannot run model code again: end its program where GetSignal returns true");
        }
    }

    /// <summary>The running task, if any, for the allocator's check that it has not exited.</summary>
    internal void AssertCurrentNotExited()
    {
        if (exited is not null && Current() is { } thread)
        {
            AssertNotExited(thread);
        }
    }

    /// <summary>
    /// Queue <paramref name="victim"/> for the oom_reaper kthread, a model thread here: it reaps
    /// the victim's address space and sets MMF_OOM_SKIP (MMF_OOM_REAPED in 4.6 to 4.8 [R]). The
    /// model's tasks own no memory, so the reap frees no page; what it changes is that the next
    /// out_of_memory passes the victim over. From 5.18 the reap waits OOM_REAPER_DELAY (a timer
    /// in the kernel; here the reaper's sleep, with nothing to end it early, moves the clock by
    /// it, as any timed sleep of the model does) so that a victim can release its futexes first.
    /// </summary>
    [Models("mm/oom_kill.c", "wake_oom_reaper", "4.19")]
    [Models("mm/oom_kill.c", "oom_reaper (oom_reap_task: MMF_OOM_SKIP)", "4.19")]
    [Models("mm/oom_kill.c", "queue_oom_reaper (OOM_REAPER_DELAY)", "6.9")]
    private void WakeOomReaper(Victim victim) =>
        kernel.Runtime.Spawn("oom_reaper", async () => await OomReap(victim), PointKind.Start, new StepLabel("oom_reaper"));

    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask OomReap(Victim victim)
    {
        if (kernel.Era.OomReaperWaitsForTheVictim())
        {
            kernel.Timers.Advance(OomReaperDelay);
            await kernel.Runtime.Schedule(PointKind.Wait, new StepLabel("oom_reaper delay"));
        }

        AccessLog.Write(AccessIds.Of(AccessIds.Subsystem.PageAlloc));
        victim.OomSkip = true;
    }

    private Victim? Find(int thread) => victims?.Find(victim => victim.Thread == thread);

    private ModelThread? Current() => kernel.Runtime.CurrentOrNull();

    /// <summary>A task the OOM killer killed, until it exits: its thread, and MMF_OOM_SKIP once reaped.</summary>
    private sealed class Victim(int thread, MemCgroup? memcg)
    {
        public int Thread { get; } = thread;

        /// <summary>The memcg whose OOM killed it; null for the global OOM killer.</summary>
        public MemCgroup? Memcg { get; } = memcg;

        public bool OomSkip { get; set; }
    }
}
