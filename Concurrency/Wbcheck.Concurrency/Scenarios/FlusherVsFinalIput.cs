using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// The flusher's pass over an unlinked file races the file's last close (docs/eras.md section
/// 116). An unlinked file (inode 1) with two dirty pages is held only by an open file; the
/// flusher writes the disk's dirty inodes back (background, WB_SYNC_NONE) while the last close
/// drops the reference. Before 3.5 the walk holds an inode reference across each inode's pass
/// (__iget), so the last iput is the flusher's own when the close came first; from 3.5 (the
/// model's 3.19, <see cref="EvictEras.FlusherPinsInodeWithISync"/>) the flusher holds none: the
/// walk skips an inode already I_FREEING, I_SYNC pins one it has begun, and evict() waits for
/// I_SYNC before -&gt;evict_inode. Either way the flusher never touches a freed inode, and the
/// evicted mapping ends empty. From 4.10 to 5.9 (the model's 4.13 to 5.0) the eviction may free a
/// page whose writeback has just ended before end_page_writeback's wake-up reaches it: the
/// end-writeback use-after-free the era table already expects of evict-vs-reclaim (073861ed77b6).
/// The full form has a second, linked file with a dirty page, dirtied
/// in the same jiffy and first in inode order, so that the walk has another inode to be on.
/// </summary>
public sealed class FlusherVsFinalIput(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "flusher-vs-final-iput";

    public override string Name => ScenarioName;

    public override string Description => "the flusher writes an unlinked file back while its last close evicts it: no touch of the freed inode";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
        if (!Options.Small)
        {
            var linked = kernel.CreateInode(1, fs);
            kernel.Filemap.AddCachedPage(linked.Mapping, 0, dirty: true);
        }

        var inode = kernel.CreateInode(2, fs);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: true);
        inode.Nlink = 0; // unlinked; the open file below holds the only reference
        DiskFlusher.Start(kernel, async () => await kernel.FsWriteback.WritebackInodes(WritebackControl.Background(16, kernel.Era)));
        setup.Runtime.Spawn("close", async () => await kernel.Vfs.Iput(inode));
    }
}
