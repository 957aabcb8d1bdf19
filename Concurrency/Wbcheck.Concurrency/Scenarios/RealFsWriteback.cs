using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// fsync against the flusher's background writeback and reclaim, on a filesystem that behaves
/// like a real one. With <c>decline</c> false, its -&gt;writepage writes clusters of two pages,
/// spending nr_to_write on the neighbour, and page 1 goes out in part first (ext4's delayed
/// allocation): the flusher must stay within its budget and fsync must still write all of page
/// 1. With <c>decline</c>, -&gt;writepage turns WB_SYNC_NONE writeback down (redirty and
/// AOP_WRITEPAGE_ACTIVATE, page left locked) while a task in direct reclaim and fsync run: the
/// declined pages must come back unlocked and dirty, and fsync must write them.
/// </summary>
public sealed class RealFsWriteback(ScenarioOptions options, bool decline) : RaceScenario(options)
{
    public const string ClusterPartialName = "realfs-cluster-partial";
    public const string DeclineName = "realfs-decline";

    public override string Name => decline ? DeclineName : ClusterPartialName;

    public override string Description => decline
        ? "fsync against background writeback a filesystem declines and direct reclaim: declined pages stay dirty, fsync writes them"
        : "fsync against background writeback on a filesystem writing clusters and a page in part: the budget holds, fsync writes the whole page";

    /// <summary>A page written in part is found again by its TOWRITE or DIRTY tag: the list era has neither.</summary>
    public override bool AppliesTo(KernelEra era) => Needs?.ExistsIn(era) ?? true;

    /// <summary>The filesystem's partial pages (<see cref="SimpleFsOptions.PartialPages"/>) need page-tree tags.</summary>
    public override EraSetting? Needs => decline ? null : EraSettings.PageTreeTags;

    /// <summary>One writeback thread for the disk, as GupDirtyVsReclaim's.</summary>
    protected override KernelConfig Configure(KernelConfig config) => config with
    {
        Machine = config.Machine with { PdflushThreads = 1 },
    };

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = new SimpleFs(kernel, decline
            ? new SimpleFsOptions { DeclineBackgroundWriteback = true }
            : new SimpleFsOptions { ClusterPages = 2, PartialPages = new HashSet<long> { 1 } });
        // The small configuration (searched exhaustively) keeps two pages and leaves reclaim out.
        var pages = Options.Small ? 2 : decline ? 3 : 4;
        var inode = kernel.CreateInode(pages, fs);
        for (var index = 0; index < pages; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true);
        }

        var file = kernel.Open(inode);
        // The disk's one flusher (the pool's only thread, Configure): reclaim's wake-up of the
        // flushers runs its writeback after this one (DiskFlusher), not beside it.
        DiskFlusher.Start(kernel, async () => await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(2, kernel.Era)));
        setup.Runtime.Spawn("fsync", async () => await fs.Fsync(file, 0, WritebackControl.LLongMax));
        if (!Options.Small)
        {
            setup.Runtime.Spawn(decline ? "direct reclaim" : "kswapd", async () => await kernel.Vmscan.ReclaimOne(kswapd: !decline));
        }
    }
}
