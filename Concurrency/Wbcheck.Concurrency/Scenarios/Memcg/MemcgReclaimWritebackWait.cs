using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Scenarios.Memcg;

/// <summary>
/// memcg limit reclaim against a filesystem that charges while its bio is unsubmitted
/// (docs/memcg-reclaim.md): a cgroup v1 memcg whose limit its file's dirty pages fill, and a task
/// of it ("rsync", as in ecf5fc6e9654's report) that starts writeback of the file
/// (filemap_flush, WB_SYNC_NONE) through an ext4-like -&gt;writepages: the first page goes under
/// writeback into a bio held open, then mapping the next page's blocks charges a metadata page
/// to the memcg with GFP_NOFS (<see cref="SimpleFsOptions.MapBlocksChargesMetadata"/>). The
/// memcg is full, so the charge reclaims from it: the first round marks the page under writeback
/// PG_reclaim (3.6 on), a retry meets it marked and, where the era waits on it for a GFP_NOFS
/// charge (3.6 to 4.1: __GFP_IO is enough), waits for a writeback only the waiting task would
/// submit: a deadlock. From 4.2 the wait needs __GFP_FS, and the charge ends in the memcg OOM
/// path instead (-ENOMEM, or a charge over the limit), the page given back dirty and the bio
/// submitted. Before 3.6 memcg reclaim never waits. The full form adds a writer in the memcg
/// that appends a page (a GFP_KERNEL charge, whose reclaim may rightly wait on the same page
/// once the flush's reclaim marked it); the small form is the flush alone. Checked with the race
/// scenarios' invariants; the bug is the deadlock. Each task returns to user space at the end of
/// its system call, where a memcg OOM kill's SIGKILL makes it exit, so that a victim does not
/// stop the memcg OOM killer for ever. The tasks' own memcg is not set: the model
/// charges by mapping, and a cgroup v1 memcg has no cgroup writeback, so the dirty throttle sees
/// them in the root's domain.
/// </summary>
public sealed class MemcgReclaimWritebackWait(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "memcg-reclaim-writeback-wait";

    /// <summary>The file's pages, all dirty at the start, and the memcg's limit: the memcg is full.</summary>
    public const int FilePages = 2;

    public override string Name => ScenarioName;

    public override string Description => "a full cgroup v1 memcg: a flush whose ->writepages charges a metadata page (GFP_NOFS) with a page of its own under writeback in an unsubmitted bio, and a writer appending: memcg reclaim must not wait for that writeback";

    public override bool AppliesTo(KernelEra era) => era.HasMemcg();

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        var memcg = new MemCgroup("job", FilePages) { HardLimit = true, OnDefaultHierarchy = false };
        var fs = Options.CreateFilesystem(kernel, new SimpleFsOptions { AggregateWritepages = true, MapBlocksChargesMetadata = true });
        var inode = kernel.CreateInode(FilePages, fs);
        memcg.Charge(inode.Mapping);
        if (fs is SimpleFs simple)
        {
            memcg.Charge(simple.MetadataInode.Mapping);
        }

        for (var index = 0; index < FilePages; index++)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, index, dirty: true);
        }

        var rsync = new TaskStruct { Comm = "rsync" };
        runtime.Spawn(rsync.Comm, async () =>
        {
            kernel.Throttle.AttachTask(rsync);
            await kernel.Filemap.FilemapFdatawriteRange(inode.Mapping, 0, WritebackControl.LLongMax, WritebackSyncMode.None);
            kernel.PageAlloc.ReturnToUserSpace();
        });

        if (!Options.Small)
        {
            var writer = new TaskStruct { Comm = "writer" };
            var file = kernel.Open(inode);
            runtime.Spawn(writer.Comm, async () =>
            {
                kernel.Throttle.AttachTask(writer);
                await kernel.Filemap.GenericFileWriteIter(file, FilePages);
                kernel.PageAlloc.ReturnToUserSpace();
            });
        }
    }
}
