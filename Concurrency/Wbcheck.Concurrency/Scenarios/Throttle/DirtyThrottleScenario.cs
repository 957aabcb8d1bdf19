using System.Globalization;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Scenarios.Throttle;

/// <summary>
/// N dirtiers, one pinned to each CPU, each writing its own range of one shared file page by page
/// with a throttle call after every page (generic_file_buffered_write), against the background
/// flusher (pdflush's background writeout, woken by the throttle) and, unless switched off,
/// kupdate. Checked after every step: dirty memory overshoots the dirty threshold by at most
/// ratelimit_pages per CPU (<see cref="DirtyOvershoot"/>), and tags, flags and counters agree as
/// in every race scenario; background writeout never starts a pass under its threshold
/// (<see cref="BackgroundWriteoutMonitor"/>, at each pass) and, from more_io (2.6.29), does not
/// end over it while kupdate holds an inode it skipped (<see cref="FlusherLoopMonitor"/>); and a dirtier that goes into
/// balance_dirty_pages comes out (one liveness monitor per dirtier). The writeback under the
/// throttle is 2.6.20's (generic_writepages) unless another era is asked for. From 3.19 the
/// throttle is the I/O-less one: a dirtier over the freerun ceiling sleeps its pause on the
/// model's clock and never writes itself; the flusher (background writeout) writes, and the
/// overshoot is measured against the hard dirty limit.
/// Laptop mode can be switched on: pdflush is then woken only by a dirtier that had to write.
/// The machine: 100 pages, so on 2.6.20 (the default era) a dirty threshold of 40 and a background
/// threshold of 10, on 2.6.29 10 and 5, from 2.6.36 20 and 10 (each era's own ratios,
/// <see cref="VmSysctls.DefaultOf(KernelEra, Faults)"/>); a ratelimit of 16 and a write chunk of 24; background and kupdate passes of 4 pages, so a pass ends inside
/// the scenario.
/// </summary>
public sealed class DirtyThrottleScenario(
    int cpus = 2,
    int pagesPerDirtier = 64,
    bool kupdate = true,
    bool laptopMode = false,
    KernelEra era = KernelEra.V2_6_20,
    Faults? faults = null) : ITestProgram
{
    public const long TotalPages = 100;
    public const long MaxWritebackPages = 4;

    private readonly Faults faults = faults ?? Faults.None;

    public string Name => "dirty-throttle";

    public IReadOnlyDictionary<string, string> Parameters => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["era"] = era.Info().Version,
        ["cpus"] = cpus.ToString(CultureInfo.InvariantCulture),
        ["pages-per-dirtier"] = pagesPerDirtier.ToString(CultureInfo.InvariantCulture),
        ["memory"] = TotalPages.ToString(CultureInfo.InvariantCulture),
        ["kupdate"] = kupdate ? "on" : "off",
        ["laptop-mode"] = laptopMode ? "on" : "off",
        ["faults"] = string.Join("+", this.faults.Active()) is { Length: > 0 } active ? active : "none",
    };

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = era,
            Machine = new Machine { OnlineCpus = cpus, TotalPages = TotalPages, MaxWritebackPages = MaxWritebackPages },
            Sysctls = VmSysctls.DefaultOf(era, this.faults) with
            {
                DirtyWritebackInterval = kupdate ? VmSysctls.DefaultOf(era, this.faults).DirtyWritebackInterval : 0,
                LaptopMode = laptopMode ? 5 * Model.Time.Timers.Hz : 0,
            },
            Faults = this.faults,
        });
        kernel.Throttle.PageWritebackInit();
        kernel.Observers.Add(new BackgroundWriteoutMonitor(kernel));
        kernel.Observers.Add(new FlusherLoopMonitor(kernel));
        setup.AddSafetyMonitor(TagFlagCoherence.Name, () => TagFlagCoherence.Check(kernel));
        setup.AddSafetyMonitor(Accounting.Name, () => Accounting.Check(kernel));
        setup.AddSafetyMonitor(NoSilentClean.Name, () => NoSilentClean.Check(kernel));
        var inode = kernel.CreateInode(0, new SimpleFs(kernel, SimpleFsOptions.Default));

        var throttled = new bool[cpus];
        for (var cpu = 0; cpu < cpus; cpu++)
        {
            var task = new TaskStruct { Comm = $"dirtier{cpu}", Cpu = cpu };
            var file = kernel.Open(inode);
            var first = (long)cpu * pagesPerDirtier;
            var slot = cpu;
            runtime.Spawn(task.Comm, async () =>
            {
                kernel.Throttle.AttachTask(task);

                // generic_file_buffered_write's loop, with the throttle call marked for the monitor.
                // An abstraction: 2.6.20's write(2) holds i_mutex across this whole loop, throttle
                // included, so two writers of one file would take turns; here they share the file
                // without it, as the throttle's per-CPU ratelimits are the subject. (With a file
                // each, the overshoot fault below is not found in 2,000 random schedules.)
                for (var index = first; index < first + pagesPerDirtier; index++)
                {
                    await kernel.Filemap.GenericPerformWrite(file, index);
                    throttled[slot] = true;
                    await kernel.Throttle.BalanceDirtyPagesRatelimited(file.Mapping);
                    throttled[slot] = false;
                    await kernel.Filemap.CondResched(new StepLabel(kernel.Names.GenericFileBufferedWrite, index));
                }
            });
            setup.AddLivenessMonitor($"dirtier {cpu} leaves balance_dirty_pages", () => throttled[slot]);
        }

        setup.AddSafetyMonitor(DirtyOvershoot.Name, () => DirtyOvershoot.Check(kernel));
        setup.DescribeState(() => Describe(kernel));
    }

    private static IEnumerable<string> Describe(Kernel kernel)
    {
        foreach (var line in KernelState.Describe(kernel))
        {
            yield return line;
        }

        var throttle = kernel.Throttle;
        yield return $"dirty_exceeded={(throttle.DirtyExceeded ? 1 : 0)} ratelimits=[{string.Join(",", Enumerable.Range(0, kernel.Config.Machine.OnlineCpus).Select(throttle.Ratelimits))}]";
        yield return $"jiffies={kernel.Timers.Jiffies} pdflush busy={kernel.Pdflush.Busy} BDI_pdflush={(kernel.BackingDev.PdflushWriting ? 1 : 0)} in flight={kernel.Device.InFlight}";
        if (throttle.IoLess)
        {
            yield return $"{throttle.Bdi}; hard limit {throttle.HardDirtyLimitNow()}";
        }
    }
}
