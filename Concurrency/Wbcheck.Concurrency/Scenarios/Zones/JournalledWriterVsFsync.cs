using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Scenarios.Zones;

/// <summary>
/// A filesystem that allocates under its own lock (<see cref="SimpleFsOptions.JournalledWriteBegin"/>,
/// docs/reclaim-and-filesystems.md): a writer's write_begin starts a journal handle and allocates
/// its page under it, on a two-node machine at its min watermarks, so the allocation enters direct
/// reclaim over the file's own pages, half of them dirty; fsync writes the same file back, each
/// -&gt;writepage starting a handle of its own. The allocation keeps reclaim out of the filesystem
/// (GFP_NOFS, or from 4.12 the GFP_NOFS scope): direct reclaim keeps the dirty pages and frees
/// clean ones. A filesystem that forgot (<see cref="Faults.FsAllocatesWithGfpKernel"/>) deadlocks
/// where direct reclaim still wrote filesystem pages (before ee72886d8ed5, 3.2): pageout calls
/// -&gt;writepage under the writer's own handle. Beside the file, an unused inode of the same
/// filesystem sits in the inode cache: the shrinker that each round of direct reclaim calls must
/// refuse the GFP_NOFS allocation too, since evicting the inode starts a handle
/// (<see cref="Faults.ShrinkerIgnoresGfpFs"/>); to 3.11 the inode cache's count,
/// (nr_unused / 100) * pressure, is 0 for one inode, so there the shrinker never scans. Checked with the race scenarios' invariants
/// (integrity of the fsync, reclaim safety, use-after-free); fsync must return 0 and the writer
/// must get its page. The machine is direct-reclaim-writer-vs-fsync's: nodes of 6 pages (min 4,
/// low 5, high 6) and 4 cached pages in the full form; the small form caches 2, on nodes of 5.
/// </summary>
public sealed class JournalledWriterVsFsync(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "journalled-writer-vs-fsync";

    public override string Name => ScenarioName;

    public override string Description => "a writer that allocates its page under its filesystem's journal handle, below the min watermarks, against fsync of the same file: its direct reclaim must not enter the filesystem";

    public override bool AppliesTo(KernelEra era) => era.HasWriteBegin();

    public override EraSetting? Needs => EraSettings.WriteBegin;

    private int CachedPages => Options.Small ? 2 : 4;

    /// <summary>Two nodes of <see cref="CachedPages"/>/2 + 4 pages each, min_free_kbytes 32: each node's min 4.</summary>
    protected override KernelConfig Configure(KernelConfig config) => config with
    {
        Machine = new Machine { OnlineCpus = 2, Nodes = 2, TotalPages = CachedPages + 8, MinFreeKbytes = 32 },
    };

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = Options.CreateFilesystem(kernel, new SimpleFsOptions { JournalledWriteBegin = true });
        var inode = kernel.CreateInode(CachedPages, fs);

        // A file of the same filesystem nobody uses, cached without pages: the inode cache's
        // shrinker may evict it from the writer's reclaim, and its eviction starts a handle.
        kernel.CreateUnusedInode(0, fs);
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
            var version = await kernel.Filemap.GenericFileWriteIter(writing, CachedPages);

            // The point of GFP_NOFS: the writer's reclaim may fail to free a page, but the
            // allocation must not give it to the OOM killer (out_of_memory's !__GFP_FS return).
            if (version < 0 || kernel.PageAlloc.FatalSignalPending)
            {
                throw new InvariantViolationException(IntegrityMonitor.Name, version < 0
                    ? $"the writer's write of page {CachedPages} returned {Errno.Name((int)version)}"
                    : $"the writer was chosen by the OOM killer while writing page {CachedPages}");
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
    }
}
