namespace Wbcheck.Model.Diagnostics;

/// <summary>
/// The OOM killer killed a task: what the kernel logs as "Out of memory: Kill process" (2.6.x,
/// 3.x) or "Out of memory: Killed process" (4.x on), with the allocation that invoked it. The
/// victim has TIF_MEMDIE (an OOM victim's access to the reserves) and SIGKILL pending from here
/// on; <see cref="Mm.OomKill"/> keeps every report of a run.
/// </summary>
/// <param name="Victim">The killed task's model thread (its name is the task's comm).</param>
/// <param name="Invoker">The task whose allocation invoked the OOM killer.</param>
/// <param name="Allocation">What it was allocating, for the message: the mapping and the zones it may use.</param>
/// <param name="Era">The kernel era whose slow path reached out_of_memory.</param>
/// <param name="Memcg">The memcg whose charge invoked the memcg OOM killer ("Memory cgroup out of memory"); null for the global OOM killer.</param>
public sealed record OomKillReport(string Victim, string Invoker, string Allocation, KernelEra Era, string? Memcg = null)
{
    public override string ToString() =>
        (Memcg is null ? "out_of_memory" : $"mem_cgroup_out_of_memory (memcg {Memcg})") +
        $": {Invoker} invoked the OOM killer ({Era.Info().Version}) allocating {Allocation}; killed {Victim}" +
        (Victim == Invoker ? " itself: TIF_MEMDIE and SIGKILL, its write ends with what it had written or an error" : "");
}
