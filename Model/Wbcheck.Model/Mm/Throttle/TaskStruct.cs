using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Mm.Throttle;

/// <summary>
/// What the throttle reads of a task: the CPU it runs on and whether it is throttled less.
/// <para>
/// A dirtier "on CPU i" is a task pinned to CPU i for its whole life (as with
/// sched_setaffinity to one CPU): each call it makes to balance_dirty_pages_ratelimited feeds the
/// ratelimit counter of CPU i. The kernel updates that counter with preemption disabled, so the
/// read, add, compare and reset are one atomic step in the model; tasks pinned to one CPU share
/// its counter, tasks on different CPUs never touch each other's. Migration between calls is not
/// modelled: it changes which counter a task feeds, not how far any counter can grow.
/// </para>
/// </summary>
[Models("include/linux/sched.h", "struct task_struct", "2.6.20")]
public sealed record TaskStruct
{
    /// <summary>
    /// An ordinary task on CPU 0, no thread's: for limits worked out for no task in particular
    /// (the monitors' thresholds, the flusher's background test) and for tests that deliberately
    /// want no task of their own. A model thread never attached to a task is not this one but a
    /// task of its own (<see cref="DirtyThrottle.Current"/>): threads attached to this one would
    /// share its counts and its share of dirtying, as no two kernel tasks do.
    /// </summary>
    public static TaskStruct Ordinary { get; } = new() { Comm = "task" };

    /// <summary>comm: the task's name, for messages.</summary>
    public required string Comm { get; init; }

    /// <summary>The CPU the task is pinned to.</summary>
    public int Cpu
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Cpu), value, "CPU numbers start at 0");
    }

    /// <summary>PF_LESS_THROTTLE: nfsd, which writes on behalf of others and gets 25% more room.</summary>
    [Models("include/linux/sched.h", "PF_LESS_THROTTLE", "2.6.20")]
    public bool LessThrottle { get; init; }

    /// <summary>rt_task: a real-time task, which gets the same 25% more room.</summary>
    [Models("include/linux/sched.h", "rt_task", "2.6.20")]
    public bool RealTime { get; init; }

    /// <summary>
    /// The memory cgroup the task runs in; null for the root. From the 4.13 era its dirtying is
    /// throttled by its memcg's domain too (cgroup writeback: the task's writes go through the
    /// memcg's bdi_writeback, whose domain is the memcg's).
    /// </summary>
    [Models("include/linux/sched.h", "struct task_struct (cgroups: the memory controller's css)", "4.19")]
    public MemCgroup? Memcg { get; init; }

    public override string ToString() =>
        $"{Comm} on CPU {Cpu}{(LessThrottle ? ", PF_LESS_THROTTLE" : "")}{(RealTime ? ", real-time" : "")}{(Memcg is null ? "" : $", in memcg {Memcg.Name}")}";
}
