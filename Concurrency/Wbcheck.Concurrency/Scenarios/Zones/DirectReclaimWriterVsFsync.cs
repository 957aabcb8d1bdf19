using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Scenarios.Zones;

/// <summary>
/// A writer whose page allocation finds both nodes of a two-node machine at their min watermark:
/// it wakes kswapd and enters direct reclaim over the file it writes, while fsync writes that file
/// back and kswapd reclaims a page of it. The file's pages fill the machine's zones at set-up
/// (the fast path down to the low watermark, then the slow path down to min), half of them dirty,
/// so direct reclaim finds dirty pages it writes itself (before 3.2) or leaves to the flusher
/// (from ee72886d8ed5, 3.2) and clean ones it frees. kswapd runs its loop once on the writer's
/// node (<see cref="Vmscan.Kswapd"/>: balance_pgdat of the era, up to the node's high watermark). Checked with the race scenarios' invariants (integrity of the
/// fsync, truncate/reclaim safety, use-after-free); fsync must return 0 and the writer must get
/// its page. The full form: nodes of 8 pages (min_free_kbytes 32: min 4, low 5, high 6), 8 cached
/// pages; the small form: nodes of 6 pages with the same watermarks, 4 cached pages.
/// </summary>
public sealed class DirectReclaimWriterVsFsync(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "direct-reclaim-writer-vs-fsync";

    public override string Name => ScenarioName;

    public override string Description => "a writer below the min watermarks of two nodes wakes kswapd and reclaims directly, against fsync and kswapd on the same file: integrity, reclaim safety";

    private int CachedPages => Options.Small ? 4 : 8;

    /// <summary>Two nodes of <see cref="CachedPages"/>/2 + 4 pages each, min_free_kbytes 32: each node's min 4, low 5, high 6.</summary>
    protected override KernelConfig Configure(KernelConfig config) => config with
    {
        Machine = new Machine { OnlineCpus = 2, Nodes = 2, TotalPages = CachedPages + 8, MinFreeKbytes = 32 },
    };

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(CachedPages, fs);
        for (var index = 0; index < CachedPages; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: index % 2 == 0);
        }

        var writing = kernel.Open(inode);
        var syncing = kernel.Open(inode);
        var writer = new TaskStruct { Comm = "writer", Cpu = 0 };
        setup.Runtime.Spawn(writer.Comm, async () =>
        {
            kernel.Throttle.AttachTask(writer);
            await kernel.Filemap.GenericFileWriteIter(writing, CachedPages);
        });
        setup.Runtime.Spawn("fsync", async () =>
        {
            var result = await fs.Fsync(syncing, 0, WritebackControl.LLongMax);
            if (result != 0)
            {
                throw new InvariantViolationException(IntegrityMonitor.Name, $"fsync of {syncing} returned {Errno.Name(result)}");
            }
        });
        if (!Options.Small)
        {
            // The writer's allocation woke node 0's kswapd (its own node): one run of its loop.
            setup.Runtime.Spawn("kswapd", async () => await kernel.Vmscan.Kswapd(node: 0));
        }
    }
}
