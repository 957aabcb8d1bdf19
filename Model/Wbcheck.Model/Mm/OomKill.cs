using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;

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
/// </summary>
public sealed class OomKill(Kernel kernel)
{
    private List<OomKillReport>? kills;
    private List<int>? victims;

    /// <summary>Every kill of the run, in order.</summary>
    public IReadOnlyList<OomKillReport> Kills => kills ?? [];

    /// <summary>
    /// Whether the running task is an OOM victim (TIF_MEMDIE; tsk_is_oom_victim from 4.14): its
    /// allocations may use the reserves, and one that finds them empty fails rather than reclaim.
    /// </summary>
    [Models("include/linux/oom.h", "tsk_is_oom_victim", "6.9")]
    [Models("include/linux/sched.h", "TIF_MEMDIE", "2.6.20")]
    public bool CurrentIsVictim => victims is { } list && Current() is { } thread && list.Contains(thread.Id);

    /// <summary>
    /// fatal_signal_pending(current): the OOM killer's SIGKILL, which the victim gets with
    /// TIF_MEMDIE; the model sends no other signal.
    /// </summary>
    [Models("include/linux/sched/signal.h", "fatal_signal_pending", "6.9")]
    public bool FatalSignalPending => CurrentIsVictim;

    /// <summary>
    /// out_of_memory for the running task's allocation of <paramref name="allocation"/>: kill
    /// the allocating task. A task already killed is not killed again (3.x on: "If current has a
    /// pending SIGKILL ... automatically select it"; the caller never gets here for one, since a
    /// victim fails its allocation before it reclaims). Another task already killed and not yet
    /// gone stops the kernel's OOM killer from choosing (select_bad_process returns -1 in 2.6.x,
    /// OOM_SCAN_ABORT in 3.x, oom_evaluate_task's abort from 4.x) and the allocation retries
    /// until that victim exits; the model does not know when a task exits, so that wait is
    /// refused as unmodelled.
    /// </summary>
    /// <exception cref="UnmodelledPathException">Another task is already an OOM victim.</exception>
    [Models("mm/oom_kill.c", "out_of_memory", "2.6.20")]
    [Models("mm/oom_kill.c", "select_bad_process", "2.6.20")]
    [Models("mm/oom_kill.c", "out_of_memory", "3.18")]
    [Models("mm/oom_kill.c", "out_of_memory", "4.19")]
    [Models("mm/oom_kill.c", "oom_kill_process", "4.19")]
    [Models("mm/oom_kill.c", "out_of_memory", "6.9")]
    [Models("mm/oom_kill.c", "mark_oom_victim", "6.9")]
    public void OutOfMemory(string allocation)
    {
        var current = Current() ?? throw new UnmodelledPathException("out_of_memory", $"an allocation of {allocation} outside any task reached the OOM killer (a set-up cannot be killed): give the machine more pages");
        victims ??= [];
        if (victims.Contains(current.Id))
        {
            return;
        }

        if (victims.Count > 0)
        {
            throw new UnmodelledPathException("out_of_memory",
                $"{current} invoked the OOM killer allocating {allocation} while an earlier victim lives: the kernel's allocation waits for that victim to exit, and when a task exits is not modelled");
        }

        victims.Add(current.Id);
        kills ??= [];
        kills.Add(new OomKillReport(current.Name, current.Name, allocation, kernel.Era));
    }

    private Runtime.ModelThread? Current()
    {
        try
        {
            return kernel.Runtime.Current;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
