using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// The last close of an unlinked file evicts it while kswapd and a task in direct reclaim work
/// on its pages: one clean, one dirty, one dirty whose -&gt;writepage fails. Reclaim holds its pages by reference
/// and page lock, never by an inode reference, so eviction's final truncate must wait for the
/// page locks reclaim holds and for the writeback it started, and leave the mapping empty. Reclaim must not
/// take or drop an inode reference under a page lock meanwhile; pageout's error path locks the
/// failed page again when eviction may already have taken it.
/// </summary>
public sealed class EvictVsReclaim(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "evict-vs-reclaim";

    public override string Name => ScenarioName;

    public override string Description => "the final iput evicts an unlinked file while kswapd and direct reclaim work on its pages: the mapping ends empty";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = new SimpleFs(kernel, new SimpleFsOptions { FailingPages = new HashSet<long> { 2 } });
        var inode = kernel.CreateInode(4, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: true);
        kernel.Filemap.AddCachedPage(inode.Mapping, 2, dirty: true);
        inode.Nlink = 0; // unlinked; the open file below holds the only reference

        // kswapd takes the LRU's tail a page at a time. From 4.11 it writes only a dirty page it
        // has met before (4eda48235011), so the full form's kswapd goes on past the three pages
        // to meet the first dirty one again (the 4th page taken) and can start its writeback;
        // the small form's meets the clean page and the first dirty one.
        setup.Runtime.Spawn("kswapd", async () =>
        {
            for (var batch = 0; batch < (Options.Small ? 2 : 4); batch++)
            {
                await kernel.Vmscan.ReclaimOne(kswapd: true);
            }
        });
        // The small configuration (searched exhaustively) leaves direct reclaim out.
        if (!Options.Small)
        {
            setup.Runtime.Spawn("direct reclaim", async () => await kernel.Vmscan.ReclaimOne(kswapd: false));
        }

        setup.Runtime.Spawn("close", async () => await kernel.Vfs.Iput(inode));
    }
}
