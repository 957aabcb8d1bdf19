using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// The review's suspicion about inode_switch_wbs_work_fn: it moves WB_RECLAIMABLE for every
/// DIRTY-tagged page with PG_dirty; can that be a page in the dirtying window (PG_dirty set by
/// TestSetPageDirty / folio_test_set_dirty, account_page_dirtied / folio_account_dirtied not yet
/// run)? The kernel (2.6.20's __set_page_dirty_nobuffers as 4.19's and 6.9's
/// __folio_mark_dirty) sets PG_dirty first, then under the tree lock accounts the page and sets
/// its DIRTY tag together; the switch walks the tags under the same lock. So a page dirtied fresh
/// (clean, untagged) is never moved in its window: its tag comes with its accounting, after the
/// switch or before it. But a page whose DIRTY tag outlived its PG_dirty (clear_page_dirty_for_io
/// leaves the tag for a concurrent integrity walk) and that -&gt;writepage redirties
/// (redirty_page_for_writepage / folio_redirty_for_writepage) is tagged in its window: the switch
/// moves a count the old wb no longer has, and the accounting then lands on the new wb. The old
/// wb's WB_RECLAIMABLE ends one below its pages, the new one's one above. Nothing in the kernel
/// closes that window (lock_page_memcg's RCU read section only makes the grace period wait for a
/// redirty begun before the switch was queued): the model shows the kernel's stat drift, it does
/// not make it.
/// </summary>
public sealed class CgwbDirtyingWindowTests
{
    private static readonly TestingConfiguration Exhaustive = RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Stateful = true, Iterations = 50_000 };

    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V6_9)]
    public void A_page_dirtied_fresh_during_a_switch_is_never_moved_before_it_is_accounted(KernelEra era)
    {
        var report = TestingEngine.Run(new SwitchDuringDirtying(ScenarioOptions.Default with { Era = era }, redirty: false), Exhaustive);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    [Fact]
    public void In_4_13_the_switch_wakes_a_flusher_that_spins_on_the_declined_page()
    {
        // The new wb's flusher, woken by the switch, writes the declining file over and over: until
        // 68f4c6eba70d (5.19) wb_writeback counted a skipped page as progress (docs/flusher-loop.md).
        // The kernel's background loop spins so too, whatever jiffies do: its cut-off is taken
        // afresh each pass, and redirty_tail keeps the stamp of the wb's one dirty inode.
        var scenario = new SwitchDuringDirtying(ScenarioOptions.Default with { Era = KernelEra.V4_13 }, redirty: true);

        var report = TestingEngine.Run(scenario, Exhaustive);

        Assert.True(report.FoundBug, report.Summary());
        Assert.Equal(BugKind.MaxStepsExceeded, report.Bugs[0].Bug.Kind);
    }

    [Theory]
    [InlineData(KernelEra.V6_9)]
    public void A_page_redirtied_by_writepage_under_its_stale_tag_is_moved_in_its_window_as_in_the_kernel(KernelEra era)
    {
        var scenario = new SwitchDuringDirtying(ScenarioOptions.Default with { Era = era }, redirty: true);

        var report = TestingEngine.Run(scenario, Exhaustive);

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal((BugKind.SafetyMonitor, WbAccounting.Name), (found.Bug.Kind, found.Bug.Source));
        Assert.True(found.Bug.Message.Contains("the root wb: WB_RECLAIMABLE -1 and WB_WRITEBACK 0, but its inodes have 0 dirty page(s)", StringComparison.Ordinal), found.Bug.Message);
        var minimized = TestingEngine.Minimize(scenario, found).Trace;
        Assert.True(minimized.Preemptions <= 1, $"{minimized.Preemptions} preemptions");

        // The switch work ran between the redirty's PG_dirty and its tree lock.
        var steps = minimized.Steps.Select(s => s.ThreadName).ToList();
        Assert.Contains(steps, name => name.StartsWith("inode_switch_wbs", StringComparison.Ordinal));
    }

    /// <summary>
    /// A file on the root wb, charged to memcg job (foreign), with a switch to job's wb queued by a
    /// switcher, against either a dirtier of its clean page 0 (<paramref name="redirty"/> false)
    /// or a writeback of its dirty page 0 whose -&gt;writepage declines and redirties it.
    /// </summary>
    private sealed class SwitchDuringDirtying(ScenarioOptions options, bool redirty) : RaceScenario(options)
    {
        public override string Name => redirty ? "cgwb-switch-vs-redirty" : "cgwb-switch-vs-fresh-dirtying";

        public override string Description => "inode_switch_wbs_work_fn against a page in its dirtying window";

        public override bool AppliesTo(KernelEra era) => era >= KernelEra.V4_13;

        protected override void Build(Kernel kernel, ProgramSetup setup)
        {
            setup.AddSafetyMonitor(WbAccounting.Name, () => WbAccounting.Check(kernel, cumulative: false));
            var memcg = new MemCgroup("job", 1000);
            var fs = new SimpleFs(kernel, SimpleFsOptions.Default with { DeclineBackgroundWriteback = redirty });
            var inode = kernel.CreateInode(0, fs);

            // Page 1 dirty attaches the inode to the root wb; page 0 is the one raced over.
            kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: redirty);
            kernel.Filemap.AddCachedPage(inode.Mapping, 1, dirty: true);
            memcg.Charge(inode.Mapping);

            if (redirty)
            {
                setup.Runtime.Spawn("writeback", async () =>
                    await kernel.FsWriteback.WritebackSingleInode(inode, new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = 1 }));
            }
            else
            {
                var job = new TaskStruct { Comm = "job dirtier", Memcg = memcg };
                var file = kernel.Open(inode);
                setup.Runtime.Spawn(job.Comm, async () =>
                {
                    kernel.Throttle.AttachTask(job);
                    await kernel.Filemap.GenericFileWriteIter(file, 0);
                });
            }

            setup.Runtime.Spawn("switcher", () =>
            {
                kernel.Throttle.InodeSwitchWbs(inode, memcg);
                return Task.CompletedTask;
            });
        }
    }
}
