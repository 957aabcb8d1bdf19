using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// An OOM victim that, in the same system call, faults on a page whose lock the allocator holds
/// across its allocation, explored by the engine (docs/nodes.md, "Killable waits"). The allocator
/// is a reader whose readahead has put page 0 of a file into the cache locked (not yet read) and
/// allocates page 1; the victim, killed in its write's allocation, copies from a buffer mapped
/// from that file, and the copy faults on page 0. Before the killable fault (3.1's
/// FAULT_FLAG_KILLABLE; the 2.6.36 era, before the oom_reaper too) the victim sleeps on the lock
/// uninterruptibly and cannot exit, and the allocator's out_of_memory aborts for ever while that
/// victim lives: a livelock. From the 3.19 era the victim gives the fault up, exits, and the
/// allocator is killed in its turn and takes a reserve page. Not a matrix scenario, as
/// <see cref="TwoAllocatorsOomTests"/>: the livelock is the kernel's, fixed by a release rather
/// than by a commit the era table names.
/// </summary>
public sealed class KillableFaultOomTests
{
    [Fact]
    public void Before_the_killable_fault_a_victim_waiting_on_the_allocator_s_page_lock_livelocks_it()
    {
        var report = TestingEngine.Run(new VictimFaultsOnReadahead(KernelEra.V2_6_36), OomMachine.Random);

        Assert.True(report.FoundBug, report.Summary());
        var bug = report.Bugs[0].Bug;
        Assert.Equal(BugKind.MaxStepsExceeded, bug.Kind);
        // Only the reader (T1) still runs: the victim (T0) sleeps on page 0's lock.
        Assert.Matches(@"\(enabled: T1 at [^,]*\)", bug.Message);
    }

    [Theory]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V6_9)]
    public void From_the_killable_fault_the_victim_gives_the_fault_up_and_every_schedule_ends(KernelEra era)
    {
        var report = TestingEngine.Run(new VictimFaultsOnReadahead(era), OomMachine.Random);

        Assert.False(report.FoundBug, report.Summary());
    }

    /// <summary>
    /// Two nodes of 8 pages (min_free_kbytes 32: min 4 a node), 7 cached dirty pages and laptop
    /// mode, so that reclaim frees nothing in any era and one page is left above the min
    /// watermarks. The victim writes a page of its own file, then faults on page 0 of the mapped
    /// file; the reader's readahead adds pages 0 and 1 of that file and completes their read.
    /// Each task returns to user space through <see cref="PageAlloc.ReturnToUserSpace"/>.
    /// </summary>
    private sealed class VictimFaultsOnReadahead(KernelEra era) : RaceScenario(ScenarioOptions.Default with { Era = era })
    {
        public override string Name => "victim-faults-on-readahead";

        public override string Description => "an OOM victim faulting on a page the allocating reader holds locked";

        protected override KernelConfig Configure(KernelConfig config) => config with
        {
            Machine = OomMachine.TwoSmallNodes,
            Sysctls = config.Sysctls with { LaptopMode = 5 * Model.Time.Timers.Hz },
        };

        protected override void Build(Kernel kernel, ProgramSetup setup)
        {
            var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);
            var cached = kernel.CreateInode(7, fs);
            for (var index = 0; index < 7; index++)
            {
                kernel.Filemap.AddCachedPage(cached.Mapping, index, dirty: true);
            }

            var source = kernel.CreateInode(2, fs);
            var vma = kernel.Memory.Mmap(source, vmOps: null);
            var own = kernel.Open(kernel.CreateInode(0, fs));
            setup.Runtime.Spawn("victim", async () =>
            {
                kernel.Throttle.AttachTask(new TaskStruct { Comm = "victim", Cpu = 0 });
                await kernel.Filemap.GenericPerformWrite(own, 0);
                await kernel.Memory.DoReadFault(vma, 0);
                kernel.PageAlloc.ReturnToUserSpace();
            });
            setup.Runtime.Spawn("reader", async () =>
            {
                kernel.Throttle.AttachTask(new TaskStruct { Comm = "reader", Cpu = 1 });
                var first = await kernel.Filemap.AddToPageCacheLru(source.Mapping, 0);
                var second = await kernel.Filemap.AddToPageCacheLru(source.Mapping, 1);
                foreach (var page in new[] { first, second })
                {
                    if (page is not null)
                    {
                        // The read completes: its unlock (the model reads no data in).
                        kernel.Filemap.FolioUnlock(page);
                    }
                }

                kernel.PageAlloc.ReturnToUserSpace();
            });
        }
    }
}
