using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// A filesystem without -&gt;writepage (<see cref="SimpleFsOptions.NoWritepage"/>: the iomap
/// filesystems and ext4 of the 6.x kernels, which write only through -&gt;writepages) against
/// kswapd: Build starts two threads, kswapd and a writer that dirties page 1 again and then
/// fsyncs. No flusher thread of its own: the flusher's writeback runs only where kswapd's reclaim
/// wakes it (wakeup_flusher_threads, in the eras that have that wake-up; a pool of one thread).
/// kswapd cannot write such a page: pageout returns PAGE_ACTIVATE before it cleans it, and the
/// page waits, dirty, for -&gt;writepages (that woken flusher, or the writer's fsync). The
/// writer's fsync must write every page (the integrity check) and return 0; reclaim must free no
/// dirty page. kswapd takes three one-page batches in every form (the small one too: the
/// scenario does not read <see cref="ScenarioOptions.Small"/>), so that from 4.11 it meets page 0
/// a second time (the active list gives it back) with the node flagged dirty, and reaches pageout.
/// <see cref="Faults.PageoutCleansBeforeWritepageTest"/> is the bug this scenario is for.
/// </summary>
public sealed class NoWritepageVsKswapd(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "nowritepage-vs-kswapd";

    public override string Name => ScenarioName;

    public override string Description => "kswapd against a dirtier and the flusher on a filesystem with no ->writepage: reclaim leaves dirty pages to ->writepages, fsync writes them all";

    /// <summary>One writeback thread for the disk, as RealFsWriteback's.</summary>
    protected override KernelConfig Configure(KernelConfig config) => config with
    {
        Machine = config.Machine with { PdflushThreads = 1 },
    };

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = new SimpleFs(kernel, new SimpleFsOptions { NoWritepage = true, AggregateWritepages = true });
        const int pages = 2;
        var inode = kernel.CreateInode(pages, fs);
        for (var index = 0; index < pages; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true);
        }

        var file = kernel.Open(inode);
        setup.Runtime.Spawn("kswapd", async () =>
        {
            for (var batch = 0; batch < 3; batch++)
            {
                await kernel.Vmscan.ReclaimOne(kswapd: true);
            }
        });
        setup.Runtime.Spawn("writer", async () =>
        {
            await kernel.Filemap.GenericFileWriteIter(file, 1);
            var result = await fs.Fsync(file, 0, WritebackControl.LLongMax);
            if (result != 0)
            {
                throw new InvariantViolationException(IntegrityMonitor.Name, $"fsync of {file} returned {Errno.Name(result)}");
            }
        });
    }
}
