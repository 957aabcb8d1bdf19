using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// A process dirtying a second file while the disk's flusher writes the only dirty one and goes
/// idle (docs/flusher-loop.md, "The first dirty inode's wake-up"): Junxiao Bi's race of 2013.
/// From 2.6.39 __mark_inode_dirty sets the inode's dirty bits under i_lock and moves it onto
/// b_dirty under the list lock, taken apart; from 2.6.39 to 3.11 it tested whether the disk had
/// dirty io (so that the first dirty inode wakes the flusher) in the first section, and a flusher
/// that wrote its last inode in between slept without a timeout over the new dirty inode, which
/// nothing then woke. Fixed in 3.12 by making the test under the list lock. The model's eras have
/// either one lock over the whole function (2.6.36 and before) or the fixed order (3.19 on), so
/// the scenario holds everywhere; <see cref="Faults.DirtyIoTestedBeforeListLock"/> brings the old
/// order back, and the search finds the hang on 3.19 and 6.10 (DirtierVsIdleFlusherTests).
/// Periodic writeback is started at boot (dirty_writeback_interval 5 s), with one file of one
/// dirty page; checked after every step: the periodic flush stays ahead while the disk has dirty
/// io (<see cref="PeriodicWritebackScheduled"/>). The machine is the throttle scenarios' (100
/// pages, one CPU, the era's own sysctls).
/// </summary>
public sealed class DirtierVsIdleFlusher(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "dirtier-vs-idle-flusher";

    public override string Name => ScenarioName;

    public override string Description => "a process dirties a second file while the flusher writes the only dirty one and goes idle: the new dirty file still has a flusher wake-up ahead";

    protected override KernelConfig Configure(KernelConfig config) => config with
    {
        Machine = new Machine { OnlineCpus = 1, TotalPages = 100, MaxWritebackPages = 4 },
        Sysctls = VmSysctls.DefaultOf(config.Era, config.Faults),
    };

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = Options.CreateFilesystem(kernel, new SimpleFsOptions());
        var old = kernel.CreateInode(1, fs);
        kernel.Filemap.AddCachedPage(old.Mapping, 0, dirty: true);
        kernel.Throttle.PageWritebackInit();
        var young = kernel.CreateInode(0, fs);
        var writing = kernel.Open(young);

        // The flusher's run over the old file: it writes it, finds no dirty io and sleeps.
        setup.Runtime.Spawn("flusher", async () => await kernel.Throttle.BackgroundWriteout(1));
        setup.Runtime.Spawn("dirtier", async () => await kernel.Filemap.GenericFileWriteIter(writing, 0));

        setup.AddSafetyMonitor(PeriodicWritebackScheduled.Name, () => PeriodicWritebackScheduled.Check(kernel));
    }
}
