using Wbcheck.Model;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;
using Wbcheck.Model.Time;

namespace Wbcheck.Properties.Throttle;

/// <summary>Kernels on the sequential executor for throttling properties.</summary>
internal static class ThrottleKernels
{
    /// <summary>
    /// A booted kernel (ratelimit sized) whose sleeping threads run pending I/O completions until
    /// one wakes them, so that a throttled task sees its own writes complete.
    /// </summary>
    public static (Kernel Kernel, SequentialRuntime Runtime) Boot(Machine machine, VmSysctls sysctls, Faults faults, KernelEra era = KernelEra.V6_10)
    {
        var runtime = new SequentialRuntime { RunPendingWhenBlocked = true };
        var kernel = new Kernel(runtime, new KernelConfig { Era = era, Machine = machine, Sysctls = sysctls, Faults = faults });
        if (!era.RatelimitIsFixed())
        {
            kernel.Throttle.WritebackSetRatelimit();
        }

        return (kernel, runtime);
    }

    /// <summary>
    /// Arm a timer that reports, <paramref name="seconds"/> of model time from now, what is
    /// <paramref name="stillDoing"/> (a case that would otherwise never end is reported instead).
    /// </summary>
    public static void ArmWatchdog(Kernel kernel, long seconds, string stillDoing) =>
        kernel.Timers.ModTimer(
            new TimerList("watchdog", () => throw new TimeoutException($"{stillDoing} after {seconds} seconds of model time")),
            kernel.Timers.Jiffies + (seconds * Timers.Hz));

    /// <summary>Run <paramref name="operation"/> to its end as <paramref name="task"/>.</summary>
    public static void RunAs(SequentialRuntime runtime, Kernel kernel, TaskStruct task, Func<ValueTask> operation) =>
        runtime.Run(task.Comm, async () =>
        {
            kernel.Throttle.AttachTask(task);
            await operation();
        });
}
