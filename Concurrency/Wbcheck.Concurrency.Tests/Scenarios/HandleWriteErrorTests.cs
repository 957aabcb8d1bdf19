using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// pageout's error path (handle_write_error) seen through its consequences, not its mechanism
/// (docs/eras.md section 112): an error reclaim's -&gt;writepage returns for a page still in its
/// mapping reaches the file's next fsync, and nothing is recorded on a mapping the page has
/// left, whose inode eviction may have freed. Each fault of the error path is found by an
/// exhaustive search, minimized and replayed; without faults the search holds.
/// </summary>
public sealed class HandleWriteErrorTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Iterations = 100_000 };

    /// <summary>
    /// Eras without 4.13-6.9's end-of-writeback use-after-free (073861ed77b6), which this race
    /// also reaches when kswapd frees the page fsync's I/O has just written.
    /// </summary>
    public static TheoryData<KernelEra, int> ErasAndErrors => new()
    {
        { KernelEra.V2_6_20, Errno.EIO },
        { KernelEra.V2_6_29, Errno.ENOSPC },
        { KernelEra.V3_19, Errno.EIO },
        { KernelEra.V6_10, Errno.ENOSPC },
    };

    public static TheoryData<KernelEra> Eras => new() { KernelEra.V2_6_20, KernelEra.V2_6_29, KernelEra.V4_13, KernelEra.V6_10 };

    [Theory]
    [MemberData(nameof(ErasAndErrors))]
    public void A_write_error_in_reclaim_reaches_the_next_fsync(KernelEra era, int error)
    {
        var report = TestingEngine.Run(new ErrorThenFsync(era, error, Faults.None), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    [Theory]
    [MemberData(nameof(ErasAndErrors))]
    public void An_error_path_that_drops_the_record_is_caught_by_the_fsyncs(KernelEra era, int error)
    {
        var scenario = new ErrorThenFsync(era, error, new Faults { HandleWriteErrorDropsRecord = true });

        var trace = AssertFoundAndMinimized(scenario, ErrorThenFsync.Invariant);

        Assert.Contains($"first write failed with {Errno.Name(error)}, and neither fsync of a file open since was told of it", trace.Bug.Message);
        Assert.Contains(trace.Steps, step => step.ThreadName == "kswapd");
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public void Eviction_after_the_write_error_leaves_no_record_on_a_freed_mapping(KernelEra era)
    {
        var report = TestingEngine.Run(new ErrorVsEvict(era, Faults.None), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public void Recording_without_the_mapping_check_writes_to_a_freed_mapping(KernelEra era)
    {
        var trace = AssertFoundAndMinimized(new ErrorVsEvict(era, new Faults { HandleWriteErrorSkipsMappingCheck = true }), UseAfterFree.Name);

        Assert.Contains("mapping_set_error recorded -EIO on mapping of inode 1, whose inode eviction has freed", trace.Bug.Message);
        Assert.Contains(trace.Steps, step => step.ThreadName == "close");
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public void Recording_without_the_page_lock_writes_to_a_freed_mapping(KernelEra era)
    {
        var trace = AssertFoundAndMinimized(new ErrorVsEvict(era, new Faults { HandleWriteErrorSkipsPageLock = true }), UseAfterFree.Name);

        Assert.Contains("mapping_set_error recorded -EIO on mapping of inode 1, whose inode eviction has freed", trace.Bug.Message);
    }

    private static Traces.BugTrace AssertFoundAndMinimized(RaceScenario scenario, string invariant)
    {
        var report = TestingEngine.Run(scenario, Dfs);
        Assert.True(report.FoundBug, report.Summary());
        var minimized = TestingEngine.Minimize(scenario, report.Bugs[0]);
        var trace = minimized.Trace;
        Assert.True((BugKind.SafetyMonitor, invariant) == (trace.Bug.Kind, trace.Bug.Source), trace.Bug.Message);
        Assert.True(trace.Steps.Count <= 25, $"{trace.Steps.Count} steps");
        TraceFiles.AssertReplaysFromFile(scenario, trace);
        return trace;
    }

    /// <summary>
    /// SimpleFs's -&gt;writepage, except that the first write of a page fails with
    /// <paramref name="error"/>: the page is redirtied and unlocked, as SimpleFs fails any page
    /// (a transient failure: a later write succeeds, so only a record of this one can tell
    /// fsync).
    /// </summary>
    private sealed class FailsFirstWrite(Kernel kernel, SimpleFs fs, int error) : IAddressSpaceOperations
    {
        private readonly Cell<bool> failed = new("the first write failed", false);

        public bool HasWritepages => fs.HasWritepages;

        public async ValueTask<int> Writepage(Page page, WritebackControl wbc)
        {
            if (failed.Value)
            {
                return await fs.Writepage(page, wbc);
            }

            failed.Value = true;
            await kernel.PageWriteback.FolioRedirtyForWritepage(wbc, page);
            kernel.Filemap.FolioUnlock(page);
            return error;
        }

        public ValueTask<int> Writepages(AddressSpace mapping, WritebackControl wbc) => fs.Writepages(mapping, wbc);
    }

    /// <summary>
    /// One dirty page whose first write fails. kswapd reclaims it (twice: from 4.11 it writes a
    /// dirty page only the second time it meets it); a process that had the file open fsyncs
    /// once at any time, and again once kswapd is done. The error must be told to the process:
    /// by the fsync whose own write failed, or by the first to look after handle_write_error
    /// recorded reclaim's failure (an fsync that wrote the page again before the record is told
    /// nothing, rightly: its data is on the disk; the next is told). At least once, not exactly
    /// once: before errseq (4.13) an fsync whose write returned -EIO did not wait, so did not
    /// test-and-clear AS_EIO, and the next fsync was told again (filemap_write_and_wait_range's
    /// "if (err != -EIO)").
    /// </summary>
    private sealed class ErrorThenFsync(KernelEra era, int error, Faults faults) : RaceScenario(ScenarioOptions.Default with { Era = era, Faults = faults })
    {
        public const string Invariant = "a write error in reclaim reaches the next fsync";

        public override string Name => $"reclaim-write-error-then-fsync-{Errno.Name(error).TrimStart('-').ToLowerInvariant()}";

        public override string Description => "reclaim's ->writepage fails, then fsync: the error is told once";

        protected override void Build(Kernel kernel, ProgramSetup setup)
        {
            var fs = new SimpleFs(kernel, SimpleFsOptions.Default);
            var inode = kernel.CreateInode(1, new FailsFirstWrite(kernel, fs, error));
            var page = kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
            var file = kernel.Open(inode);
            var done = new WaitQueue("kswapd's reclaim");
            var reclaimed = new Cell<bool>("reclaimed", false);

            setup.Runtime.Spawn("kswapd", async () =>
            {
                if (page.Mapping is not null)
                {
                    await kernel.Vmscan.ReclaimFolio(page, kswapd: true);
                }

                if (page.Mapping is not null)
                {
                    await kernel.Vmscan.ReclaimFolio(page, kswapd: true);
                }

                reclaimed.Value = true;
                setup.Runtime.WakeAll(done);
            });
            setup.Runtime.Spawn("process", async () =>
            {
                var told = await fs.Fsync(file, 0, WritebackControl.LLongMax) == error ? 1 : 0;
                while (!reclaimed.Value)
                {
                    await setup.Runtime.Sleep(done, new StepLabel("wait for kswapd"));
                }

                told += await fs.Fsync(file, 0, WritebackControl.LLongMax) == error ? 1 : 0;
                if (told == 0)
                {
                    throw new InvariantViolationException(Invariant, $"the page's first write failed with {Errno.Name(error)}, and neither fsync of a file open since was told of it");
                }
            });
        }
    }

    /// <summary>
    /// One dirty page of an unlinked file, whose -&gt;writepage fails with -EIO; kswapd reclaims
    /// it (twice, as above) while the last close evicts the file. Eviction's final truncate may
    /// take the page between -&gt;writepage's return and handle_write_error: the error path must
    /// then leave the freed mapping alone.
    /// </summary>
    private sealed class ErrorVsEvict(KernelEra era, Faults faults) : RaceScenario(ScenarioOptions.Default with { Era = era, Faults = faults })
    {
        public override string Name => "reclaim-write-error-vs-evict";

        public override string Description => "reclaim's ->writepage fails while the final iput evicts the file";

        protected override void Build(Kernel kernel, ProgramSetup setup)
        {
            var fs = new SimpleFs(kernel, new SimpleFsOptions { FailingPages = new HashSet<long> { 0 }, FailingErrors = new Dictionary<long, int> { [0] = Errno.EIO } });
            var inode = kernel.CreateInode(1, fs);
            var page = kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
            inode.Nlink = 0; // unlinked; the open file below holds the only reference
            setup.Runtime.Spawn("kswapd", async () =>
            {
                for (var pass = 0; pass < 2 && page.Mapping is not null; pass++)
                {
                    await kernel.Vmscan.ReclaimFolio(page, kswapd: true);
                }
            });
            setup.Runtime.Spawn("close", async () => await kernel.Vfs.Iput(inode));
        }
    }
}
