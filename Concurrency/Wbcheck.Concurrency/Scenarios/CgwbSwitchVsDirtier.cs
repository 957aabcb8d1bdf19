using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// Cgroup writeback's inode switching (4.2; the model's 4.13 era on) against the page stat
/// updates it must not lose. A file's first page was dirtied by the root (its inode is attached
/// to the root wb), then the file is charged to memcg "job" (its pages are job's: the inode is
/// foreign to its wb). Three threads: job's dirtier writes the file's second page (dirtied on
/// the root wb, where the inode still is); a writeback of the inode cleans its dirty pages for
/// I/O (clear_page_dirty_for_io's WB_RECLAIMABLE decrement, inside the unlocked_inode_to_wb
/// transaction) and completes them; and a switcher moves the inode to job's wb
/// (inode_switch_wbs: I_WB_SWITCH, then the move after an RCU grace period, in a work thread of
/// its own). The switcher stands for wbc_detach_inode's verdict on the foreign inode: the model
/// gives the verdict rather than computing the foreign-history heuristics. Checked after every
/// step: each wb's WB_RECLAIMABLE and WB_WRITEBACK match its inodes' pages
/// (<see cref="WbAccounting"/>; not the cumulative counts, which the setup's dirty page was
/// never counted in and a switch does not move), besides every scenario's invariants. The small form leaves out
/// the dirtier.
/// </summary>
public sealed class CgwbSwitchVsDirtier(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "cgwb-switch-vs-dirtier";

    public override string Name => ScenarioName;

    public override string Description => "a memcg's dirtier and a writeback of a file attached to the root wb, while inode_switch_wbs moves it to the memcg's wb: every page stat lands on the wb the inode is on";

    public override bool AppliesTo(KernelEra era) => era.HasCgroupWriteback();

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        setup.AddSafetyMonitor(WbAccounting.Name, () => WbAccounting.Check(kernel, cumulative: false));

        var memcg = new MemCgroup("job", 1000);
        var fs = Options.CreateFilesystem(kernel, Model.Fs.SimpleFsOptions.Default);
        var inode = kernel.CreateInode(0, fs);

        // Dirtied first by the root: attached to the root wb. Then job's.
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        memcg.Charge(inode.Mapping);

        if (!Options.Small)
        {
            var job = new TaskStruct { Comm = "job dirtier", Memcg = memcg };
            var file = kernel.Open(inode);
            runtime.Spawn(job.Comm, async () =>
            {
                kernel.Throttle.AttachTask(job);
                await kernel.Filemap.GenericFileWriteIter(file, 1);
            });
        }

        runtime.Spawn("writeback", async () =>
            await kernel.FsWriteback.WritebackSingleInode(inode, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 2 }));

        runtime.Spawn("switcher", () =>
        {
            kernel.Throttle.InodeSwitchWbs(inode, memcg);
            return Task.CompletedTask;
        });
    }
}
