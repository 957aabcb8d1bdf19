using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Properties.Throttle;

/// <summary>
/// The cumulative counters the I/O-less throttle estimates rates from stay balanced: every page
/// ever dirtied is written, dirty, or under writeback (NR_DIRTIED = NR_WRITTEN + NR_FILE_DIRTY +
/// NR_WRITEBACK), each writer's nr_dirtied counts exactly the pages it newly dirtied (each
/// writer a task of its own: no other task's dirtying in its count), and the flusher, whose
/// -&gt;writepage redirties pages it declined, counts none: a redirty is not new dirtying. Checked after every step. The counters are from 2.6.37 (nr_dirtied and the
/// redirty de-accounting from 3.2); in the eras before they must stay zero.
/// </summary>
public static class DirtiedAccountingProperty
{
    public const string Name = "dirtied accounting";

    public static Property For(KernelEra era, Faults faults) => Prop.ForAll(DirtiedCase.Arbitrary, c =>
    {
        var violation = Check(c, era, faults);
        return violation is null ? true.ToProperty() : false.Label(violation);
    });

    /// <summary>The first step after which <paramref name="c"/> shows the counters out of balance, or null.</summary>
    public static string? Check(DirtiedCase c, KernelEra era, Faults faults)
    {
        var runtime = new SequentialRuntime { RunPendingWhenBlocked = true };
        var kernel = new Kernel(runtime, new KernelConfig { Era = era, Faults = faults });
        var files = c.FailingPages.Select(failing =>
        {
            var fs = new SimpleFs(kernel, SimpleFsOptions.Default with { FailingPages = failing.Select(i => (long)i).ToHashSet() });
            return kernel.Open(kernel.CreateInode(0, fs));
        }).ToList();
        var writers = Enumerable.Range(0, DirtiedCase.MaxWriters).Select(w => new TaskStruct { Comm = $"writer {w}" }).ToList();
        var flusher = new TaskStruct { Comm = "flusher" };
        var newlyDirtied = new long[DirtiedCase.MaxWriters];
        foreach (var (step, number) in c.Steps.Select((s, i) => (s, i + 1)))
        {
            switch (step)
            {
                case DirtiedStep.Write w:
                    var file = files[w.File];
                    newlyDirtied[w.Writer] += file.Mapping.Pages.Load(w.Index) is { Dirty: true } || era.Before(KernelEra.V3_19) ? 0 : 1;
                    ThrottleKernels.RunAs(runtime, kernel, writers[w.Writer], async () => await kernel.Filemap.GenericPerformWrite(file, w.Index));
                    break;
                case DirtiedStep.Writeback b:
                    ThrottleKernels.RunAs(runtime, kernel, flusher, async () => await kernel.PageWriteback.DoWritepages(files[b.File].Mapping, new WritebackControl
                    {
                        SyncMode = b.Sync ? WritebackSyncMode.All : WritebackSyncMode.None,
                        NrToWrite = b.NrToWrite,
                        RangeEnd = long.MaxValue,
                    }));
                    break;
                default:
                    runtime.RunAllPending();
                    break;
            }

            var violation = Balance(kernel, era) ?? Writers(kernel, writers, newlyDirtied, flusher);
            if (violation is not null)
            {
                return $"after step {number} ({step}): {violation}";
            }
        }

        return null;
    }

    private static string? Balance(Kernel kernel, KernelEra era)
    {
        var vmstat = kernel.Vmstat;
        var expected = era.AtLeast(KernelEra.V3_19) ? vmstat.NrWritten + vmstat.NrFileDirty + vmstat.NrWriteback : 0;
        return vmstat.NrDirtied != expected
            ? $"NR_DIRTIED {vmstat.NrDirtied} is not NR_WRITTEN {vmstat.NrWritten} + NR_FILE_DIRTY {vmstat.NrFileDirty} + NR_WRITEBACK {vmstat.NrWriteback}{(era.Before(KernelEra.V3_19) ? $" (nor zero, as {era.Info().Version} has no such counters)" : "")}"
            : null;
    }

    /// <summary>Each writer's nr_dirtied is the pages it newly dirtied (zero before the counters' eras); the flusher's is zero.</summary>
    private static string? Writers(Kernel kernel, IReadOnlyList<TaskStruct> writers, long[] newlyDirtied, TaskStruct flusher)
    {
        foreach (var (writer, number) in writers.Select((w, i) => (w, i)))
        {
            var count = kernel.Throttle.DirtiedBy(writer).NrDirtied;
            if (count != newlyDirtied[number])
            {
                return $"writer {number}'s nr_dirtied is {count}, but it newly dirtied {newlyDirtied[number]} page(s)";
            }
        }

        var flusherCount = kernel.Throttle.DirtiedBy(flusher).NrDirtied;
        return flusherCount != 0 ? $"the flusher's nr_dirtied is {flusherCount}: its redirties counted as new dirtying" : null;
    }
}
