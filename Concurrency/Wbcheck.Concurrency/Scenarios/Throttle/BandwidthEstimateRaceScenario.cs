using System.Globalization;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Scenarios.Throttle;

/// <summary>
/// Two dirtiers whose next looks at dirty memory are due at once, each over the freerun ceiling
/// and with a bandwidth estimate due (30 jiffies since boot's stamp): both pass
/// balance_dirty_pages' lockless interval test, and the second to take wb-&gt;list_lock estimates
/// in the same jiffy as the first. From 5.15 (45a2966fd641) __wb_update_bandwidth no longer
/// re-tests the interval under the lock, so elapsed is 0 there, and only its clamp to 1 keeps
/// wb_update_dirty_ratelimit from dividing by it. The machine: 100 pages (the era's 10% and 20%:
/// thresholds about 10 and 20, freerun ceiling about 15; 40 and 25 before wbcheck-model/35), 26
/// of them dirty at boot, over both; each dirtier writes <c>pages</c> pages of its
/// own file, looking after each (nr_dirtied_pause 1). Checked after every step: overshoot,
/// accounting, tags and flags; the kernel's arithmetic throws on a division by zero.
/// </summary>
public sealed class BandwidthEstimateRaceScenario(int pages = 1, KernelEra era = KernelEra.V6_10, Faults? faults = null) : ITestProgram
{
    private const int Dirtiers = 2;

    private readonly Faults faults = faults ?? Faults.None;

    public string Name => "bandwidth-estimate-race";

    public IReadOnlyDictionary<string, string> Parameters => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["era"] = era.Info().Version,
        ["pages"] = pages.ToString(CultureInfo.InvariantCulture),
        ["faults"] = string.Join("+", this.faults.Active()) is { Length: > 0 } active ? active : "none",
    };

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        if (era.Before(KernelEra.V4_13))
        {
            throw new ArgumentOutOfRangeException(nameof(era), era, $"the estimate under wb->list_lock is 4.2's; the {era.Info().Version} era has bdi_update_bandwidth");
        }

        var runtime = setup.Runtime;
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = era,
            Machine = new Machine { OnlineCpus = Dirtiers, TotalPages = DirtyThrottleScenario.TotalPages, MaxWritebackPages = DirtyThrottleScenario.MaxWritebackPages },
            Sysctls = VmSysctls.DefaultOf(era, this.faults) with { DirtyWritebackInterval = 0 },
            Faults = this.faults,
        });
        kernel.Throttle.PageWritebackInit();
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        var old = kernel.CreateInode(0, fs);
        for (var index = 0; index < 26; index++)
        {
            kernel.Filemap.AddCachedPage(old.Mapping, index, dirty: true);
        }

        kernel.Timers.Advance(30);
        setup.AddSafetyMonitor(TagFlagCoherence.Name, () => TagFlagCoherence.Check(kernel));
        setup.AddSafetyMonitor(Accounting.Name, () => Accounting.Check(kernel));
        setup.AddSafetyMonitor(DirtyOvershoot.Name, () => DirtyOvershoot.Check(kernel));
        for (var cpu = 0; cpu < Dirtiers; cpu++)
        {
            var task = new TaskStruct { Comm = $"dirtier{cpu}", Cpu = cpu };
            var file = kernel.Open(kernel.CreateInode(0, fs));
            runtime.Spawn(task.Comm, async () =>
            {
                kernel.Throttle.AttachTask(task);
                kernel.Throttle.CurrentDirtied.NrDirtiedPause = 1;
                for (var index = 0L; index < pages; index++)
                {
                    await kernel.Filemap.GenericFileWriteIter(file, index);
                }
            });
        }

        setup.DescribeState(() => Describe(kernel));
    }

    private static IEnumerable<string> Describe(Kernel kernel)
    {
        foreach (var line in KernelState.Describe(kernel))
        {
            yield return line;
        }

        yield return $"jiffies={kernel.Timers.Jiffies}; {kernel.Throttle.Bdi}";
    }
}
