using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Scenarios.Throttle;

/// <summary>
/// A dirtier writing a file page by page through write(2) (the era's running balance_dirty_pages
/// after each page, under the inode lock) on a strictlimit disk (BDI_CAP_STRICTLIMIT, 3.12, as
/// FUSE sets it) against fsync of the same file and the flusher the throttle wakes. The disk's
/// share of the dirty threshold is 0 until its first completion, so the dirtier is held at its
/// first look (the 17th page, ratelimit_pages 16) until fsync or the flusher has written some of
/// its pages; completions raise the share while it sleeps. Nothing else wakes the flusher for the
/// disk: the machine is under its background threshold, and from 3.2 the flusher writes because
/// the disk is over its own share of it (0), the per-disk test of over_bground_thresh and
/// wb_over_bg_thresh (docs/eras.md section 98). The machine: 200 pages, one CPU, the era's own
/// sysctls (<see cref="Configure"/>): from 2.6.36 thresholds 40 and 20 (19 on 6.10), global
/// freerun ceiling 30. Checked
/// after every step, with the race scenarios' invariants: the disk's dirty and writeback pages
/// stay within its share plus ratelimit_pages (<see cref="StrictlimitOvershoot"/>) and dirty
/// memory within the hard limit (<see cref="DirtyOvershoot"/>); the background writeout the
/// throttle wakes ends its loop as the era's does (<see cref="FlusherLoopMonitor"/>, and the
/// engine's termination check); fsync must return 0. The full
/// form writes 26 pages, under the global freerun ceiling, so a loop that ignores strictlimit
/// lets the disk's dirty pages past its bound (0 + wb_stat_error 8 + 16) and the machine's own
/// throttle never stops it; and fewer than the background threshold, so only the per-disk test
/// sends the flusher to the disk. The small form writes 2 (no look: the search proves the rest of
/// the race, not the throttle). Eras from 3.19: the 2.6 eras run 2.6.20's or the per-device
/// throttle, which have no strictlimit.
/// </summary>
public sealed class StrictlimitDirtierVsFsync(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "strictlimit-dirtier-vs-fsync";

    public const long TotalPages = 200;

    public override string Name => ScenarioName;

    public override string Description => "a dirtier throttled by a strictlimit disk's own share, against fsync and the flusher: the disk's dirty pages stay within its share, fsync succeeds";

    public override bool AppliesTo(KernelEra era) => era.AtLeast(KernelEra.V3_19);

    private int Pages => Options.Small ? 2 : 26;

    /// <summary>
    /// 200 pages, one CPU, background passes of 4 pages; no kupdate; the era's vm.dirty_ratio.
    /// Until section 98 the machine had 100 pages with vm.dirty_ratio set to 40 (at the era's 20%
    /// of 100 pages the freerun ceiling, 15, was under the disk's bound of 24, and
    /// <see cref="Faults.StrictlimitIgnored"/> went unseen, docs/eras.md section 87). There the
    /// machine's background threshold, 10, was under the 16 pages of the dirtier's first look,
    /// so the machine's test sent the flusher to the disk and hid the flusher's per-disk test; on
    /// this machine the background threshold is 20 and that test alone does (with
    /// <see cref="Faults.FlusherIgnoresDiskBackgroundShare"/> the dirtier is held for good).
    /// </summary>
    protected override KernelConfig Configure(KernelConfig config) => config with
    {
        Machine = new Machine { OnlineCpus = 1, TotalPages = TotalPages, MaxWritebackPages = 4 },
        Sysctls = VmSysctls.DefaultOf(config.Era, config.Faults) with { DirtyWritebackInterval = 0 },
    };

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var throttle = kernel.Throttle;
        throttle.PageWritebackInit();
        kernel.BackingDev.Strictlimit = true;
        var fs = Options.CreateFilesystem(kernel, new SimpleFsOptions { AggregateWritepages = true });
        var inode = kernel.CreateInode(0, fs);
        var writing = kernel.Open(inode);
        var syncing = kernel.Open(inode);
        var dirtier = new TaskStruct { Comm = "dirtier", Cpu = 0 };

        setup.Runtime.Spawn(dirtier.Comm, async () =>
        {
            throttle.AttachTask(dirtier);
            for (var index = 0L; index < Pages; index++)
            {
                await kernel.Filemap.GenericFileWriteIter(writing, index);
            }
        });
        setup.Runtime.Spawn("fsync", async () =>
        {
            var result = await fs.Fsync(syncing, 0, WritebackControl.LLongMax);
            if (result != 0)
            {
                throw new InvariantViolationException(IntegrityMonitor.Name, $"fsync of {syncing} returned {Errno.Name(result)}");
            }
        });

        // The throttle wakes the root wb's background writeout here: its loop is checked too.
        kernel.Observers.Add(new FlusherLoopMonitor(kernel));
        setup.AddSafetyMonitor(StrictlimitOvershoot.Name, () => StrictlimitOvershoot.Check(throttle, dirtier));
        setup.AddSafetyMonitor(DirtyOvershoot.Name, () => DirtyOvershoot.Check(kernel));
    }
}
