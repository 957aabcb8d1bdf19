using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// Scenario 5: reclaim works through a batch of pages it has isolated from the LRU (each held by
/// a reference, which pins no inode). It has locked page 0 of an unlinked file, a clean page it
/// means to free, and meets dirty page 3 of the same file, whose neighbours 2..3 it writes out,
/// while the last process that has the file open closes it. With the proposed igrab/iput pinning,
/// reclaim's iput can be the final one: eviction truncates the file and waits for page 0, whose
/// lock the reclaiming thread itself holds. Pinned by the page lock instead, reclaim never holds
/// an inode reference, the closing process evicts, and nothing deadlocks.
/// That reclaim holds one batch page locked while writing out around another is this model's
/// assumption (the review names no particular lock; eviction "takes a large number of
/// high-level VFS locks" and waits for every page of the file).
/// </summary>
public sealed class ReclaimWriteout(ScenarioOptions options, bool pinWithIgrab) : RaceScenario(options)
{
    public const string IgrabName = "reclaim-writeout-igrab";
    public const string PinnedName = "reclaim-writeout-pagelock";

    public override string Name => pinWithIgrab ? IgrabName : PinnedName;

    public override string Description => pinWithIgrab
        ? "reclaim writes a range of an inode pinned with igrab/iput (the 2010 proposal): the final iput from reclaim"
        : "reclaim writes a range around a page whose lock pins the mapping (the alternative the review suggested)";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(4, fs);
        var held = kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: false);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: false);
        kernel.Filemap.AddCachedPage(inode.Mapping, 2, dirty: true);
        var victim = kernel.Filemap.AddCachedPage(inode.Mapping, 3, dirty: true);
        inode.Nlink = 0; // unlinked; the open file below holds the only reference

        // Isolated from the LRU: reclaim's references keep the pages, not the inode.
        Filemap.FolioGet(held);
        Filemap.FolioGet(victim);

        setup.Runtime.Spawn("reclaim", async () =>
        {
            if (!await kernel.Filemap.FolioTrylock(held))
            {
                return;
            }

            if (pinWithIgrab)
            {
                await kernel.Vmscan.ReclaimWriteoutIgrab(victim, 2, 3);
            }
            else
            {
                await kernel.Vmscan.ReclaimWriteoutPinned(victim, 2, 3);
            }

            kernel.Filemap.FolioUnlock(held);
            kernel.Filemap.FolioPut(held);
            kernel.Filemap.FolioPut(victim);
        });
        setup.Runtime.Spawn("close", async () => await kernel.Vfs.Iput(inode));
    }
}
