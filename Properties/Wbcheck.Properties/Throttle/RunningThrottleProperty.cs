using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Properties.Throttle;

/// <summary>
/// Dirtiers run through the era's own balance_dirty_pages (2.6.20's, the per-device one of
/// 2.6.29 and 2.6.36, the I/O-less one from 3.19) with the flusher, the disk and the clock, and
/// after every step: dirty memory is over the era's limit by at most ratelimit_pages per CPU
/// (<see cref="DirtyOvershoot"/>); the dirtied accounting balances (from 2.6.37, NR_DIRTIED =
/// NR_WRITTEN + NR_FILE_DIRTY + NR_WRITEBACK; before, the counters stay zero); and in the
/// per-device eras the floating proportions stay proportions (the disk's share of completions,
/// and the dirtiers' shares of dirtying together, at most 1); and periodic writeback stays
/// scheduled (<see cref="PeriodicWritebackScheduled"/>: long ticks fire kupdate's timer, and in
/// laptop mode the laptop flush runs on the flusher before it, from 2.6.32 taking the periodic
/// flush after its work and leaving the timed wake-up that follows too soon). A dirtier still throttled after
/// ten minutes of model time is reported rather than left to hang, unless every page still dirty
/// is one -&gt;writepage refuses, none is under writeback, and they are over the line under which
/// the era's own throttle lets a dirtier go (<see cref="RefusedPagesHold"/>): the kernel keeps it
/// then too, and the case ends unreported. On the sequential
/// executor a timed sleep first runs the threads pending (the disk's completions, the flusher),
/// as time passing would; a case it cannot run (a nested wait) ends where it stopped.
/// </summary>
public static class RunningThrottleProperty
{
    public const string Name = "running throttle";

    /// <summary>Model time after which a step still running is reported.</summary>
    private const long WatchdogSeconds = 600;

    public static Property For(KernelEra era, Faults faults) => Prop.ForAll(RunningCase.Arbitrary, c =>
    {
        var violation = Check(c, era, faults);
        return violation is null ? true.ToProperty() : false.Label(violation);
    });

    /// <summary>
    /// The first step after which <paramref name="c"/> breaks a rule on <paramref name="era"/>, or
    /// null. Without <paramref name="exemptKernelHolds"/> a dirtier the era's kernel keeps too (only
    /// refused pages dirty, over its release line) is reported like any other: the tests' way to
    /// show such a hold is there.
    /// </summary>
    public static string? Check(RunningCase c, KernelEra era, Faults faults, bool exemptKernelHolds = true)
    {
        var runtime = new SequentialRuntime { RunPendingWhenBlocked = true, RunPendingOnTimedSleep = true };
        var kernel = new Kernel(runtime, new KernelConfig
        {
            Era = era,
            Machine = new Machine { OnlineCpus = c.OnlineCpus, TotalPages = c.TotalPages, MaxWritebackPages = 8 },
            Faults = faults,
            Sysctls = VmSysctls.DefaultOf(era) with { LaptopMode = c.LaptopMode },
        });
        kernel.Throttle.PageWritebackInit();
        ThrottleKernels.ArmWatchdog(kernel, WatchdogSeconds, "a step still runs");
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default with { FailingPages = c.Declined.Select(i => (long)i).ToHashSet() });
        var dirtiers = Enumerable.Range(0, c.Dirtiers).Select(d => new TaskStruct { Comm = $"dirtier{d}", Cpu = d % c.OnlineCpus }).ToList();
        var files = dirtiers.Select(_ => kernel.Open(kernel.CreateInode(0, fs))).ToList();
        var written = new long[c.Dirtiers];
        foreach (var (step, number) in c.Steps.Select((s, i) => (s, i + 1)))
        {
            try
            {
                switch (step)
                {
                    case RunningStep.Write w:
                        var first = written[w.Dirtier];
                        written[w.Dirtier] += w.Pages;
                        ThrottleKernels.RunAs(runtime, kernel, dirtiers[w.Dirtier], () => kernel.Filemap.GenericFileBufferedWrite(files[w.Dirtier], first, w.Pages));
                        break;
                    case RunningStep.Tick t:
                        kernel.Timers.Advance(t.Jiffies);
                        break;
                    default:
                        runtime.RunAllPending();
                        break;
                }
            }
            catch (TimeoutException) when (exemptKernelHolds && step is RunningStep.Write held && OnlyRefusedPagesAreDirty(kernel, files, c.Declined) is { } refused
                && RefusedPagesHold.KeepsDirtier(kernel, dirtiers[held.Dirtier], files[held.Dirtier].Mapping, refused))
            {
                // Every page still dirty is one ->writepage refuses (-ENOSPC, redirtied), none is
                // under writeback, and they are over the line the era's throttle lets a dirtier go
                // under: the kernel keeps it too (docs/eras.md sections 87 and 91). Held under that
                // line, it is reported below. The steps so far were checked.
                return null;
            }
            catch (Exception e) when (e is TimeoutException or KernelArithmeticException)
            {
                return $"in step {number} ({step}): {e.Message}";
            }
            catch (WouldBlockException)
            {
                // The sequential executor runs a sleeper's wakers nested inside it; a waker that
                // itself waits for a completion an outer frame holds cannot be run this way. The
                // steps so far were checked; such interleavings are the race scenarios' job.
                return null;
            }

            var violation = DirtyOvershoot.Check(kernel) ?? Dirtied(kernel, era) ?? Proportions(kernel, dirtiers) ?? PeriodicWritebackScheduled.Check(kernel);
            if (violation is not null)
            {
                return $"after step {number} ({step}): {violation}";
            }
        }

        return null;
    }

    /// <summary>The dirty pages, when nothing is under writeback and every dirty page is at an index -&gt;writepage refuses; else null.</summary>
    private static long? OnlyRefusedPagesAreDirty(Kernel kernel, IReadOnlyList<OpenFile> files, IReadOnlyList<int> declined)
    {
        var refused = files.Sum(file => declined.Distinct().Count(index => file.Mapping.Pages.Load(index) is { Dirty: true }));
        return kernel.Vmstat.NrWriteback == 0 && kernel.Vmstat.NrFileDirty == refused ? refused : null;
    }

    private static string? Dirtied(Kernel kernel, KernelEra era)
    {
        var vmstat = kernel.Vmstat;
        var expected = era.AtLeast(KernelEra.V3_19) ? vmstat.NrWritten + vmstat.NrFileDirty + vmstat.NrWriteback : 0;
        return vmstat.NrDirtied == expected
            ? null
            : $"NR_DIRTIED {vmstat.NrDirtied} is not NR_WRITTEN {vmstat.NrWritten} + NR_FILE_DIRTY {vmstat.NrFileDirty} + NR_WRITEBACK {vmstat.NrWriteback}{(era.Before(KernelEra.V3_19) ? $" (nor zero, as {era.Info().Version} has no such counters)" : "")}";
    }

    /// <summary>The floating proportions of 2.6.24 to 3.4 sum to 1 over their locals: the one disk's share, and the dirtiers' shares together, never exceed it.</summary>
    private static string? Proportions(Kernel kernel, IReadOnlyList<TaskStruct> dirtiers)
    {
        var throttle = kernel.Throttle;
        if (!throttle.PerBdi)
        {
            return null;
        }

        var (completed, completions) = throttle.BdiWriteoutFraction();
        if (completed > completions)
        {
            return $"the disk's share of writeout completions is {completed} / {completions}, more than all of them ({throttle.VmCompletions})";
        }

        var shares = dirtiers.Select(throttle.TaskDirtiesFraction).ToList();
        var dirtied = shares.Aggregate(0UL, (sum, share) => sum + share.Numerator);
        var denominator = shares.Count > 0 ? shares[0].Denominator : 1;
        return dirtied <= denominator
            ? null
            : $"the dirtiers' shares of dirtying add up to {dirtied} / {denominator}, more than all of it ({throttle.VmDirties})";
    }
}
