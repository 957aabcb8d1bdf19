using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// Two tasks allocating on a machine at its min watermarks whose reclaim frees nothing (every
/// cached page dirty and pinned: from 4.11 direct reclaim wakes the flusher, which may write
/// them, but a pinned page is never freed), explored by the
/// engine: the OOM killer kills the first, and the second's out_of_memory aborts while that
/// victim lives (docs/nodes.md, "A second allocator while a victim lives"). When each killed task
/// exits on its way back to user space, every schedule ends. When the victim, after its kill,
/// blocks on a lock the second allocator holds across its allocation, 3.19 loops for ever (the
/// OOM deadlock: the victim cannot exit, and no other task is chosen while it lives); from 4.6 the
/// oom_reaper marks the victim to be skipped and the second allocator is killed in its turn.
/// Not a matrix scenario (it is not in the catalog): the livelock is the kernel's, fixed by a
/// release rather than by a commit the era table names, and the cells would cost the matrix time.
/// </summary>
public sealed class TwoAllocatorsOomTests
{
    [Theory]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void Two_allocators_that_exit_when_killed_always_finish(KernelEra era)
    {
        var report = TestingEngine.Run(new TwoAllocators(era, victimTakesTheLock: false), OomMachine.Random);

        Assert.False(report.FoundBug, report.Summary());
    }

    [Fact]
    public void Before_the_oom_reaper_a_victim_blocked_on_the_allocator_s_lock_livelocks_it()
    {
        var report = TestingEngine.Run(new TwoAllocators(KernelEra.V3_19, victimTakesTheLock: true), OomMachine.Random);

        Assert.True(report.FoundBug, report.Summary());
        var bug = report.Bugs[0].Bug;
        Assert.Equal(BugKind.MaxStepsExceeded, bug.Kind);
        // Only the allocator (T1) still runs: the victim (T0) sleeps on the inode lock it holds.
        Assert.Matches(@"\(enabled: T1 at [^,]*\)", bug.Message);
    }

    [Fact]
    public void From_4_6_the_oom_reaper_ends_that_livelock()
    {
        var report = TestingEngine.Run(new TwoAllocators(KernelEra.V6_9, victimTakesTheLock: true), OomMachine.Random);

        Assert.False(report.FoundBug, report.Summary());
    }

    /// <summary>
    /// 4.13 has the oom_reaper too, but also the era's use-after-free of a page reclaim freed under
    /// its writeback's end (end_page_writeback's wake-up; the era table's direct-reclaim-writer-vs-fsync
    /// 4.13 to 5.0 cells), which reclaim's flusher wake-up, queued since wake3 rather than dropped,
    /// lets some schedules reach here. So every iteration runs, and none may livelock: the bugs
    /// found are that use-after-free alone.
    /// </summary>
    [Fact]
    public void On_4_13_the_oom_reaper_ends_that_livelock_and_only_the_era_s_use_after_free_is_met()
    {
        var report = TestingEngine.Run(new TwoAllocators(KernelEra.V4_13, victimTakesTheLock: true), OomMachine.Random with { StopAtFirstBug = false });

        Assert.All(report.Bugs, b => Assert.Equal((BugKind.SafetyMonitor, UseAfterFree.Name), (b.Bug.Kind, b.Bug.Source)));
    }

    /// <summary>
    /// Two nodes of 8 pages (min_free_kbytes 32: min 4 a node), 8 cached dirty pages of a file,
    /// so both nodes sit at min. The victim writes a page of a file of its own; the allocator
    /// holds another file's inode lock while it writes a page of it. With
    /// <c>victimTakesTheLock</c>, the victim then takes that inode lock before it returns to user
    /// space. Each task returns to user space through <see cref="OomKill.GetSignal"/>.
    /// </summary>
    private sealed class TwoAllocators(KernelEra era, bool victimTakesTheLock) : RaceScenario(ScenarioOptions.Default with { Era = era })
    {
        public override string Name => "two-allocators-oom";

        public override string Description => "two allocators at the min watermarks, the first killed, the second's OOM kill waiting for it";

        protected override KernelConfig Configure(KernelConfig config) => config with
        {
            Machine = OomMachine.TwoSmallNodes,
        };

        protected override void Build(Kernel kernel, ProgramSetup setup)
        {
            var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);
            var cached = kernel.CreateInode(8, fs);
            for (var index = 0; index < 8; index++)
            {
                // A long-term pin (get_user_pages of a registered buffer): reclaim frees nothing.
                Filemap.FolioGet(kernel.Filemap.AddCachedPage(cached.Mapping, index, dirty: true));
            }

            var own = kernel.Open(kernel.CreateInode(0, fs));
            var locked = kernel.Open(kernel.CreateInode(0, fs));
            var oom = kernel.PageAlloc.Oom;
            setup.Runtime.Spawn("victim", async () =>
            {
                kernel.Throttle.AttachTask(new TaskStruct { Comm = "victim", Cpu = 0 });
                await kernel.Filemap.GenericPerformWrite(own, 0);
                if (victimTakesTheLock)
                {
                    await kernel.Vfs.InodeLock(locked.Inode);
                    kernel.Vfs.InodeUnlock(locked.Inode);
                }

                oom.GetSignal();
            });
            setup.Runtime.Spawn("allocator", async () =>
            {
                kernel.Throttle.AttachTask(new TaskStruct { Comm = "allocator", Cpu = 1 });
                await kernel.Vfs.InodeLock(locked.Inode);
                await kernel.Filemap.GenericPerformWrite(locked, 0);
                kernel.Vfs.InodeUnlock(locked.Inode);
                oom.GetSignal();
            });
        }
    }
}
