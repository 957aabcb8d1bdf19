using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// sync(2) over a memcg's inodes while one of them changes wb (cgroup writeback, 4.2; the model's
/// 4.13 era on; docs/cgroup-writeback.md, "sync(2) against a wb switch"). From 4.2 sync_inodes_sb
/// queues a copy of its work on each wb with dirty inodes, each walked by that wb's own flusher
/// (bdi_split_work_to_wbs). A file's first page was dirtied by the root (its inode is on the root
/// wb), then the file is charged to memcg "job", whose ceiling is <see cref="MemcgPages"/> pages
/// (so its domain is over its background threshold with one dirty page, and its wb's flusher
/// writes whenever woken). A switcher moves the inode to job's wb (inode_switch_wbs: I_WB_SWITCH,
/// then the move after a grace period in a work thread of its own, which wakes job's flusher),
/// standing for the foreign detection's verdict; a process calls sync(2). In the full form job's
/// dirtier also writes a page of its own file (attached to job's wb, so the split gives job's wb a
/// copy too, which its flusher may run before the inode arrives), throttled page by page, which
/// wakes job's flusher. Checked when sync(2) returns: every page whose data was not on the disk
/// when it began is there now (<see cref="SyncOwedPages"/>); after every step, each wb's
/// WB_RECLAIMABLE and WB_WRITEBACK match its inodes' pages (<see cref="WbAccounting"/>, stats
/// only: the setup's dirty page was never counted as dirtied); as each inode is taken, each wb's
/// flusher writes only its own (<see cref="WbFlusherIsolation"/>); and a cgwb's background loop
/// comes back to an inode another thread was writing (<see cref="FlusherLoopMonitor"/>). Until
/// 7fc5854f8c6e (5.0) the inode could move after the split from the root wb, whose copy had not
/// walked it yet, to job's wb, whose copy had run or that had none, and sync(2) returned with its
/// page dirty; from 5.0 sync holds bdi-&gt;wb_switch_rwsem for writing over its works and the
/// switch work waits for it.
/// </summary>
public sealed class CgwbSyncVsSwitch(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "cgwb-sync-vs-switch";

    /// <summary>The memcg's ceiling (min(memory.max, memory.high)), in pages: its background threshold is under one page.</summary>
    public const long MemcgPages = 4;

    public override string Name => ScenarioName;

    public override string Description => "sync(2) while inode_switch_wbs moves a dirty file from the root wb to a memcg's wb, whose dirtier and flusher run: sync writes what was dirty when it began";

    public override bool AppliesTo(KernelEra era) => era.HasCgroupWriteback();

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        kernel.Observers.Add(new WbFlusherIsolation(kernel));
        kernel.Observers.Add(new FlusherLoopMonitor(kernel));

        var memcg = new MemCgroup("job", MemcgPages);
        var fs = Options.CreateFilesystem(kernel, Model.Fs.SimpleFsOptions.Default);

        // Dirtied first by the root: on the root wb. Then job's.
        var switching = kernel.CreateInode(0, fs);
        kernel.Filemap.AddCachedPage(switching.Mapping, 0, dirty: true);
        memcg.Charge(switching.Mapping);
        var files = new List<Model.Fs.Inode> { switching };

        if (!Options.Small)
        {
            var own = kernel.CreateInode(0, fs);
            memcg.Charge(own.Mapping);
            files.Add(own);
            var job = new TaskStruct { Comm = "job dirtier", Memcg = memcg };
            var file = kernel.Open(own);
            runtime.Spawn(job.Comm, async () =>
            {
                kernel.Throttle.AttachTask(job);
                await kernel.Filemap.GenericFileWriteIter(file, 0);
                kernel.Throttle.InodeSwitchWbs(switching, memcg);
            });
        }
        else
        {
            runtime.Spawn("switcher", () =>
            {
                kernel.Throttle.InodeSwitchWbs(switching, memcg);
                return Task.CompletedTask;
            });
        }

        // sync(2) as ksys_sync runs it in every era the scenario applies to (from 3.5 the wake-up,
        // then sync_inodes_sb alone; no laptop mode here), with the point between the two where
        // iterate_supers takes the superblock's s_umount, a sleeping lock: the woken flusher may
        // run, and a switch may move the file, before sync_inodes_sb begins. (The model's DoSync
        // runs the two in one step, which the traces of the other sync scenarios keep.)
        runtime.Spawn("sync", async () =>
        {
            var owed = SyncOwedPages.Owed(kernel, [.. files]);
            kernel.FsWriteback.WakeupFlusherThreads();
            await kernel.Runtime.Schedule(PointKind.Lock, new StepLabel("iterate_supers (down_read s_umount)"));
            await kernel.FsWriteback.SyncInodesSb();
            SyncOwedPages.CheckWritten(kernel, owed);
        });
    }
}
