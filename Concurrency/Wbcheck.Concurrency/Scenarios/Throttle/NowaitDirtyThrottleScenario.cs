using System.Globalization;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Scenarios.Throttle;

/// <summary>
/// io_uring's buffered writes against the 6.9 throttle: N dirtiers, one pinned to each CPU, each
/// writing its own file page by page, each page first as an IOCB_NOWAIT write (iomap_write_iter,
/// throttled with BDP_ASYNC before it copies), and on -EAGAIN again as a blocking write(2), as
/// io_uring's worker repeats it (the model runs the retry on the same thread and task; the kernel's
/// io-wq worker is another task, with its own nr_dirtied). Against them the background flusher,
/// woken by the throttle, and kupdate. Checked after every step: a nowait write never sleeps in
/// balance_dirty_pages (io_schedule_timeout inside it is reported), dirty memory overshoots the
/// hard dirty limit by at most ratelimit_pages per CPU although a -EAGAIN leaves the throttle
/// over it, and tags, flags and counters agree; background writeout never starts a pass under
/// its threshold; and every dirtier's write comes back (one liveness monitor per dirtier). The
/// machine is the dirty-throttle scenario's: 100 pages, the era's thresholds (about 10 and 20),
/// ratelimit 16.
/// </summary>
public sealed class NowaitDirtyThrottleScenario(
    int cpus = 2,
    int pagesPerDirtier = 64,
    KernelEra era = KernelEra.V6_10,
    Faults? faults = null) : ITestProgram
{
    private readonly Faults faults = faults ?? Faults.None;

    public string Name => "nowait-dirty-throttle";

    public IReadOnlyDictionary<string, string> Parameters => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["era"] = era.Info().Version,
        ["cpus"] = cpus.ToString(CultureInfo.InvariantCulture),
        ["pages-per-dirtier"] = pagesPerDirtier.ToString(CultureInfo.InvariantCulture),
        ["memory"] = DirtyThrottleScenario.TotalPages.ToString(CultureInfo.InvariantCulture),
        ["faults"] = string.Join("+", this.faults.Active()) is { Length: > 0 } active ? active : "none",
    };

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        if (era.Before(KernelEra.V6_9))
        {
            throw new ArgumentOutOfRangeException(nameof(era), era, $"IOCB_NOWAIT buffered writes are throttled with BDP_ASYNC from 6.0; the {era.Info().Version} era has none");
        }

        var runtime = setup.Runtime;
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = era,
            Machine = new Machine { OnlineCpus = cpus, TotalPages = DirtyThrottleScenario.TotalPages, MaxWritebackPages = DirtyThrottleScenario.MaxWritebackPages },
            Sysctls = VmSysctls.DefaultOf(era, this.faults),
            Faults = this.faults,
        });
        kernel.Throttle.PageWritebackInit();
        kernel.Observers.Add(new BackgroundWriteoutMonitor(kernel));
        setup.AddSafetyMonitor(TagFlagCoherence.Name, () => TagFlagCoherence.Check(kernel));
        setup.AddSafetyMonitor(Accounting.Name, () => Accounting.Check(kernel));
        setup.AddSafetyMonitor(NoSilentClean.Name, () => NoSilentClean.Check(kernel));
        setup.AddSafetyMonitor(DirtyOvershoot.Name, () => DirtyOvershoot.Check(kernel));

        var writing = new bool[cpus];
        var retries = new int[cpus];
        for (var cpu = 0; cpu < cpus; cpu++)
        {
            var task = new TaskStruct { Comm = $"dirtier{cpu}", Cpu = cpu };
            var file = kernel.Open(kernel.CreateInode(0, new SimpleFs(kernel, SimpleFsOptions.Default)));
            var slot = cpu;
            runtime.Spawn(task.Comm, async () =>
            {
                kernel.Throttle.AttachTask(task);
                for (var index = 0L; index < pagesPerDirtier; index++)
                {
                    writing[slot] = true;
                    if (await kernel.Filemap.IomapBufferedWriteNowait(file, index) == Errno.EAGAIN)
                    {
                        retries[slot]++;
                        await kernel.Filemap.GenericFileWriteIter(file, index);
                    }

                    writing[slot] = false;
                    await kernel.Filemap.CondResched(new StepLabel("io_uring write", index));
                }
            });
            setup.AddLivenessMonitor($"dirtier {cpu}'s write comes back", () => writing[slot]);
        }

        setup.DescribeState(() => Describe(kernel, retries));
    }

    private static IEnumerable<string> Describe(Kernel kernel, int[] retries)
    {
        foreach (var line in KernelState.Describe(kernel))
        {
            yield return line;
        }

        var throttle = kernel.Throttle;
        yield return $"dirty_exceeded={(throttle.DirtyExceeded ? 1 : 0)} ratelimits=[{string.Join(",", Enumerable.Range(0, kernel.Config.Machine.OnlineCpus).Select(throttle.Ratelimits))}] -EAGAIN retries=[{string.Join(",", retries)}]";
        yield return $"jiffies={kernel.Timers.Jiffies} pdflush busy={kernel.Pdflush.Busy} in flight={kernel.Device.InFlight}";
        yield return $"{throttle.Bdi}; hard limit {throttle.HardDirtyLimitNow()}";
    }
}
