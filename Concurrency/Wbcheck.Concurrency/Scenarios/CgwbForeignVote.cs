using Wbcheck.Concurrency.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// Cgroup writeback's own verdict on a foreign inode (4.2's foreign detection; the model's 4.13
/// era on): unlike <see cref="CgwbSwitchVsDirtier"/>, no thread stands in for the verdict: the
/// writeback passes count whose pages they submit (wbc_account_io / wbc_account_cgroup_owner),
/// and wbc_detach_inode's vote calls inode_switch_wbs. A file's first page was dirtied by the
/// root (the inode is attached to the root wb), then the file is charged to memcg "job"; the
/// disk is slow (the root wb's avg_write_bandwidth 1 page/s), so one page is 8192 units of IO
/// time (1 s) and each round that writes a page of job's is worth WB_FRN_HIST_MAX_SLOTS (5)
/// foreign slots: the second such round has 10 of 16 foreign and switches the inode to job's
/// wb. Threads: job's dirtier writes the file's second page, then its first again; a writeback
/// thread runs three rounds of one page each (writeback_single_inode, WB_SYNC_NONE); the switch
/// work the vote queues moves the stats while the pages' I/O completes, job dirties, and the
/// last round cleans a page for I/O (inside the unlocked_inode_to_wb transaction). Checked after every step: each wb's
/// WB_RECLAIMABLE and WB_WRITEBACK match its inodes' pages (<see cref="WbAccounting"/>, stats
/// only), and the verdict itself: once two rounds have written job's pages (all the file's
/// pages are job's) the inode is switching or on job's wb. The small form has no dirtier: both
/// pages are cached dirty.
/// </summary>
public sealed class CgwbForeignVote(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "cgwb-foreign-vote";

    /// <summary>The check of the verdict (a scenario monitor, not a catalog invariant).</summary>
    public const string VerdictName = "two rounds of writeback of a memcg's pages alone switch the inode to the memcg's wb";

    /// <summary>The root wb's avg_write_bandwidth, pages/s: slow enough that one page is five history slots.</summary>
    public const ulong SlowBandwidth = 1;

    /// <summary>Rounds of writeback: the two that vote, and one that may race with the switch the vote queued.</summary>
    public const int Rounds = 3;

    public override string Name => ScenarioName;

    public override string Description => "two rounds of writeback of a file attached to the root wb but written by memcg job vote it foreign, and inode_switch_wbs moves it while its I/O completes and job dirties it";

    public override bool AppliesTo(KernelEra era) => era.HasCgroupWriteback();

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        var memcg = new MemCgroup("job", 1000);
        var fs = Options.CreateFilesystem(kernel, Model.Fs.SimpleFsOptions.Default);
        var inode = kernel.CreateInode(0, fs);
        kernel.Throttle.Bdi.AvgWriteBandwidth = SlowBandwidth;

        // Dirtied first by the root: attached to the root wb. Then job's.
        kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        if (Options.Small)
        {
            kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: true);
        }

        memcg.Charge(inode.Mapping);

        // Rounds of writeback that wrote a page while the inode was on the root wb: every page of
        // the file is job's, so each is a round job won, worth 5 foreign slots.
        var rounds = new int[1];
        setup.AddSafetyMonitor(WbAccounting.Name, () => WbAccounting.Check(kernel, cumulative: false));
        setup.AddSafetyMonitor(VerdictName, () =>
            rounds[0] < 2 || inode.WbSwitch || kernel.Throttle.InodeToWb(inode) is { } wb && wb.Memcg == memcg
                ? null
                : $"{rounds[0]} rounds of writeback wrote only job's pages of {inode}, yet it is on the root wb with no switch in flight (i_wb_frn_history {inode.WbFrnHistory:x4}, i_wb_frn_avg_time {inode.WbFrnAvgTime})");

        if (!Options.Small)
        {
            var job = new TaskStruct { Comm = "job dirtier", Memcg = memcg };
            var file = kernel.Open(inode);
            runtime.Spawn(job.Comm, async () =>
            {
                kernel.Throttle.AttachTask(job);
                await kernel.Filemap.GenericFileWriteIter(file, 1);
                await kernel.Filemap.GenericFileWriteIter(file, 0);
            });
        }

        runtime.Spawn("writeback", async () =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                var onRoot = kernel.Throttle.InodeToWb(inode) is null;
                var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 };
                await kernel.FsWriteback.WritebackSingleInode(inode, wbc);
                if (onRoot && wbc.NrToWrite < 1)
                {
                    rounds[0]++;
                }
            }
        });
    }
}
