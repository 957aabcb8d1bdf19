using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// A memcg taken offline while its file is written back and dirtied (cgroup writeback's dying-wb
/// cleanup, c22d70a162d3, 5.14; the model's 6.9 era). A file of memcg "job", attached to job's
/// wb, has a dirty page. Threads: a writeback of the inode (writeback_single_inode, WB_SYNC_NONE)
/// cleans the page for I/O and submits it; job's directory is removed
/// (mem_cgroup_css_offline: job's wb dies, and cleanup_offline_cgwbs_work is queued), and the
/// cleanup, if the wb has no dirty inode when it looks, claims its clean inodes and switches
/// them to the root wb in one batch behind a grace period. The full form adds a second file of
/// job's, written back before (attached to job's wb and clean), which a root task dirties
/// meanwhile: its page counts on whichever wb the inode is on, and the cleanup finds the wb
/// dirty, or switches both files together. Checked after every
/// step: each wb's WB_RECLAIMABLE and WB_WRITEBACK match its inodes' pages
/// (<see cref="WbAccounting"/>, stats only: the setup's dirty page was never counted in
/// WB_DIRTIED), and the cleanup's verdict: an inode the cleanup found clean on the dying wb, with
/// no dirty inode on the wb, is switching or on the root wb from then on. An inode the cleanup
/// found under writeback, or with a dirty inode on the wb, stays on the dying wb, as in the kernel (nothing retries the
/// cleanup but the next memcg taken offline). Not applicable before 5.14: the inode stays with
/// the dying wb. The small form has no dirtier.
/// </summary>
public sealed class CgwbOfflineVsWriteback(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "cgwb-offline-vs-writeback";

    /// <summary>The check of the cleanup's verdict (a scenario monitor, not a catalog invariant).</summary>
    public const string VerdictName = "a clean inode the offline cleanup finds on a dying wb goes to the root wb";

    public override string Name => ScenarioName;

    public override string Description => "memcg job is taken offline while one of its files is written back and a root task dirties the other: the cleanup switches the clean inodes off the dying wb, and every page stat lands on the wb its inode is on";

    public override bool AppliesTo(KernelEra era) => era.CleansUpOfflineCgwbs();

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        var memcg = new MemCgroup("job", 1000);
        var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);

        // Job's file, dirtied by job: attached to job's wb.
        var inode = kernel.CreateInode(0, fs);
        memcg.Charge(inode.Mapping);
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        var dying = memcg.Wb!;
        Inode[] watched = [inode];

        // Full form: another file of job's, dirtied and written back before (attached, clean,
        // on b_attached), which a root task dirties again: a batch of two if both are clean.
        Inode? other = null;
        if (!Options.Small)
        {
            other = kernel.CreateInode(0, fs);
            memcg.Charge(other.Mapping);
            kernel.Filemap.AddCachedPage(other.Mapping, 0, dirty: false);
            kernel.Throttle.InodeAttachWb(other, memcg);
            watched = [inode, other];
        }

        var cleanup = new CleanupWatch(kernel, watched);
        kernel.Observers.Add(cleanup);
        setup.AddSafetyMonitor(WbAccounting.Name, () => WbAccounting.Check(kernel, cumulative: false));
        setup.AddSafetyMonitor(VerdictName, () =>
            watched.FirstOrDefault(i => cleanup.FoundClean.Contains(i) && !i.WbSwitch && kernel.Throttle.InodeToWb(i) == dying) is not { } left
                ? null
                : $"the offline cleanup found {left} clean on the dying wb of memcg {memcg.Name}, with no dirty inode there, yet it is still on that wb with no switch in flight");

        runtime.Spawn("writeback", async () =>
            await kernel.FsWriteback.WritebackSingleInode(inode, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 }));

        runtime.Spawn("rmdir job", () =>
        {
            kernel.Throttle.MemCgroupCssOffline(memcg);
            return Task.CompletedTask;
        });

        if (other is not null)
        {
            var root = new TaskStruct { Comm = "root dirtier" };
            var file = kernel.Open(other);
            runtime.Spawn(root.Comm, async () =>
            {
                kernel.Throttle.AttachTask(root);
                await kernel.Filemap.GenericFileWriteIter(file, 0);
            });
        }
    }

    /// <summary>
    /// What the cleanup found when it looked at the dying wb, read in its own step: which of the
    /// watched inodes were on the wb, clean (no dirty pages, not under I_SYNC: on b_attached) and
    /// not switching, with no inode of the wb on an io list (wb_has_dirty_io clear: none dirty and
    /// none under I_SYNC, as an inode being written stays on b_io or b_dirty until after its write).
    /// </summary>
    private sealed class CleanupWatch(Kernel kernel, Inode[] watched) : IKernelObserver
    {
        public List<Inode> FoundClean { get; } = [];

        public void OfflineCgwbCleanup(CgroupWb wb)
        {
            var throttle = kernel.Throttle;
            if (kernel.Inodes.Any(i => throttle.InodeToWb(i) == wb && (i.State & (InodeState.DirtyPages | InodeState.Lock)) != 0))
            {
                return;
            }

            FoundClean.AddRange(watched.Where(i => throttle.InodeToWb(i) == wb && (i.State & InodeState.Lock) == 0 && !i.WbSwitch && !i.Freeing));
        }
    }
}
