using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Properties.Throttle;

/// <summary>
/// Every throttling domain holds its dirtier, page by page, in the running I/O-less loop: the
/// global domain (<see cref="DirtyOvershoot"/>); from 3.19 a strictlimit disk's own share
/// (BDI_CAP_STRICTLIMIT: its dirty and writeback pages at most max(wb_thresh, wb_stat_error) +
/// ratelimit_pages); from 4.13 a memcg dirtier's memcg domain (its dirty and writeback pages at
/// most max(the memcg's threshold, its domain's dirty_limit, wb_stat_error) + ratelimit_pages).
/// The bound is the loop's own exit: a task leaves balance_dirty_pages only after a look under
/// its freerun ceilings, or with a non-zero rate (every domain's position ratio above zero, so
/// every domain under its hard limit), or with its wb's dirty pages within wb_stat_error; then
/// its CPU's bdp_ratelimits sends it back within ratelimit_pages pages. The thresholds only grow
/// as the file does (the machine's free pages become the file's), so they are checked as they
/// stand after each page. On the sequential executor the flusher runs only while the dirtier
/// sleeps (in io_schedule_timeout: <see cref="SequentialRuntime.RunPendingOnTimedSleep"/>): a loop
/// that lets the dirtier go where a domain holds it lets dirty pages pile up.
/// From 4.13 (cgroup writeback) a memcg dirtier balances against its memcg's own wb, whose
/// flusher cleans the memcg's file: with a root writer's file dirty beside it, every wb's counts
/// must match its pages after each page (<see cref="WbAccounting"/>) and no wb's flusher may take
/// another wb's inode (<see cref="WbFlusherIsolation"/>).
/// </summary>
public static class DomainThrottleProperty
{
    public const string Name = "each throttling domain (global, strictlimit disk, memcg) holds its dirtier";

    /// <summary>Model time after which a dirtier still throttled is reported instead of hanging the check.</summary>
    private const long WatchdogSeconds = 600;

    public static Property For(KernelEra era, Faults faults) => Prop.ForAll(DomainCase.Arbitrary, c =>
    {
        var violation = Check(c, era, faults);
        return violation is null ? true.ToProperty() : false.Label(violation);
    });

    /// <summary>The first page after which <paramref name="c"/> shows a domain overshot, or null.</summary>
    public static string? Check(DomainCase c, KernelEra era, Faults faults)
    {
        var runtime = new SequentialRuntime { RunPendingWhenBlocked = true, RunPendingOnTimedSleep = true };
        // vm.dirty_ratio 40, set as an administrator may (DomainCase): at the era's 20% the global
        // freerun ceiling (15 pages) and hard limit (20) hold a loop that ignores strictlimit or
        // the memcg domain before the domain it ignores overshoots, and the faults go unseen
        // (seen: DomainThrottlePropertyTests on 4.20 and 6.9; docs/eras.md section 87).
        var sysctls = VmSysctls.DefaultOf(era, faults) with { DirtyRatio = 40 };
        var kernel = new Kernel(runtime, new KernelConfig { Era = era, Faults = faults, Machine = new Machine { OnlineCpus = 1, TotalPages = DomainCase.TotalPages }, Sysctls = sysctls });
        var throttle = kernel.Throttle;
        throttle.PageWritebackInit();
        var ioLess = era.AtLeast(KernelEra.V3_19);
        if (ioLess)
        {
            kernel.BackingDev.Strictlimit = c.Strictlimit;
            kernel.BackingDev.MaxRatio = c.MaxRatio;
        }

        ThrottleKernels.ArmWatchdog(kernel, WatchdogSeconds, "the dirtier is still throttled");
        kernel.Observers.Add(new WbFlusherIsolation(kernel));
        var inode = kernel.CreateInode(0, new SimpleFs(kernel, SimpleFsOptions.Default));
        if (c.RootPages > 0)
        {
            var rootFile = kernel.Open(kernel.CreateInode(0, new SimpleFs(kernel, SimpleFsOptions.Default)));
            var writer = new TaskStruct { Comm = "writer" };
            for (var index = 0L; index < c.RootPages; index++)
            {
                ThrottleKernels.RunAs(runtime, kernel, writer, async () => await kernel.Filemap.GenericFileWriteIter(rootFile, index));
            }
        }

        MemCgroup? memcg = null;
        if (c.MemcgPages is { } pages)
        {
            memcg = new MemCgroup("job", pages);
            memcg.Charge(inode.Mapping);
        }

        var dirtier = new TaskStruct { Comm = "dirtier", Memcg = memcg };
        var file = kernel.Open(inode);
        for (var index = 0L; index < c.Pages; index++)
        {
            try
            {
                ThrottleKernels.RunAs(runtime, kernel, dirtier, async () => await kernel.Filemap.GenericFileWriteIter(file, index));
            }
            catch (Exception e) when (e is KernelArithmeticException or TimeoutException or InvariantViolationException)
            {
                return $"writing page {index}: {e.Message}";
            }

            var violation = DirtyOvershoot.Check(kernel) ?? StrictlimitOvershoot.Check(throttle, dirtier) ?? Memcg(throttle, dirtier) ?? WbAccounting.Check(kernel);
            if (violation is not null)
            {
                return $"after page {index}: {violation}";
            }
        }

        return null;
    }

    private static string? Memcg(DirtyThrottle throttle, TaskStruct dirtier)
    {
        if (throttle.MemcgDomainNow(dirtier) is not { } mdtc)
        {
            return null;
        }

        var limit = Math.Max(mdtc.Thresh, mdtc.Memcg!.DirtyLimit);
        var bound = Math.Max(limit, (ulong)throttle.StatError) + (ulong)throttle.RatelimitPages;
        return mdtc.Dirty <= bound
            ? null
            : $"the memcg's {mdtc.Dirty} dirty and writeback page(s) exceed its hard limit {limit} (wb_stat_error {throttle.StatError}) by more than ratelimit_pages {throttle.RatelimitPages}: {mdtc}";
    }
}
