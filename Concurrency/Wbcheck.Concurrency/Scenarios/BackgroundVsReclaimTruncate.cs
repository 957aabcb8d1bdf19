using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// Scenario 3: the flusher's range_cyclic background writeback, starting mid-file, against page
/// reclaim and a truncate. Reclaim must never free a locked, dirty or writeback page; tags must
/// agree with flags and counters with pages after every step; and the flusher's pass must lock
/// pages in ascending order.
/// </summary>
public sealed class BackgroundVsReclaimTruncate(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "background-vs-reclaim-truncate";

    public override string Name => ScenarioName;

    public override bool UsesPages => true;

    public override string Description => "range_cyclic background writeback against reclaim and truncate: safety, coherence, lock order";

    /// <summary>One writeback thread for the disk, as GupDirtyVsReclaim's.</summary>
    protected override KernelConfig Configure(KernelConfig config) => config with
    {
        Machine = config.Machine with { PdflushThreads = 1 },
    };

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        kernel.Observers.Add(new LockOrderMonitor(setup.Runtime));
        var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(Options.Pages, fs);
        for (var index = 0; index < Options.Pages; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: index % 2 == 0 || !Options.Small);
        }

        // The last pass stopped mid-file, so this one starts there and has the start left to do.
        inode.Mapping.WritebackIndex = Options.Pages / 2;
        // The disk's one flusher (the pool's only thread, Configure): reclaim's wake-up of the
        // flushers runs its writeback after this one (DiskFlusher), not beside it.
        DiskFlusher.Start(kernel, async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(Options.Pages, kernel.Era)));
        setup.Runtime.Spawn("reclaim", async () =>
        {
            for (var round = 0; round < (Options.Small ? 1 : 2); round++)
            {
                await kernel.Vmscan.ReclaimOne();
            }
        });
        setup.Runtime.Spawn("truncate", async () => await kernel.Truncate.TruncateSetsize(inode, Options.Pages - 1));
    }
}
