using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// A hole punch against a read fault that reads its page in (docs/page-tables.md, "A fault that
/// reads a page in"; docs/eras.md section 111): the fault reads the page in between the punch's
/// page-cache truncation and the freeing of its blocks, and the page stays over the hole with
/// the old data. Explored exhaustively here; the era table's row, punch-vs-fault, proves it at
/// bound 2.
/// </summary>
public sealed class PunchVsFaultTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with
    {
        Strategy = "dfs",
        Iterations = 100_000,
    };

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V2_6_29)]
    [InlineData(KernelEra.V3_19)]
    public void Before_4_5_a_fault_reads_the_page_back_in_before_the_punch_frees_its_blocks(KernelEra era)
    {
        var report = TestingEngine.Run(new PunchVsFault(ScenarioOptions.Default with { Era = era }), Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var bug = report.Bugs[0].Bug;
        Assert.Equal(BugKind.SafetyMonitor, bug.Kind);
        Assert.Equal(PunchVsFault.Invariant, bug.Source);
    }

    /// <summary>An ext4-like filesystem holds by its i_mmap_sem from 4.5, every filesystem by invalidate_lock from 5.15.</summary>
    [Theory]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V5_0)]
    [InlineData(KernelEra.V6_9)]
    public void From_4_5_the_punch_holds_faults_off_and_no_schedule_breaks_an_invariant(KernelEra era)
    {
        var report = TestingEngine.Run(new PunchVsFault(ScenarioOptions.Default with { Era = era }), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    /// <summary>
    /// A filesystem without ext4's own lock (ext2's kind of fault, filemap_fault itself) still
    /// races in the 5.0 era (up to 5.14), and holds from the 6.9 era by invalidate_lock.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V5_0, true)]
    [InlineData(KernelEra.V6_9, false)]
    public void Without_ext4s_lock_only_invalidate_lock_holds_faults_off(KernelEra era, bool races)
    {
        var report = TestingEngine.Run(new PunchVsFault(ScenarioOptions.Default with { Era = era }, ext4MmapSem: false), Dfs);

        Assert.Equal(races, report.FoundBug);
        if (races)
        {
            Assert.Equal(PunchVsFault.Invariant, report.Bugs[0].Bug.Source);
        }
    }

    /// <summary>
    /// The row's holding cells catch the race they are for: with the punch taking neither lock
    /// (<see cref="Faults.PunchSkipsInvalidateLock"/>) or the fault reading in without it
    /// (<see cref="Faults.FaultSkipsInvalidateLock"/>), the era table's proof search finds it on
    /// an i_mmap_sem era and an invalidate_lock era, minimized and replayed from file.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V4_17, true)]
    [InlineData(KernelEra.V6_9, true)]
    [InlineData(KernelEra.V4_17, false)]
    [InlineData(KernelEra.V6_9, false)]
    public void A_punch_or_a_fault_without_the_lock_is_caught_by_the_rows_proof(KernelEra era, bool punchSkips)
    {
        var faults = punchSkips ? new Faults { PunchSkipsInvalidateLock = true } : new Faults { FaultSkipsInvalidateLock = true };
        var options = ScenarioOptions.Default with { Era = era, Faults = faults };
        var cell = CellCheck.Run(PunchVsFault.ScenarioName, options, expected: null, CellBudget.Matrix);

        Assert.False(cell.Matches);
        var found = Assert.IsType<Traces.BugTrace>(cell.Bug);
        Assert.Equal(PunchVsFault.Invariant, found.Bug.Source);
        var minimized = TestingEngine.Minimize(cell.Program!, found);
        Assert.True(minimized.Trace.Steps.Count <= found.Steps.Count);

        // The minimal trace: the fault reads the page in after the punch's truncation, and the
        // punch frees the blocks under it.
        var functions = minimized.Trace.Steps.Select(step => step.Label.Function).ToList();
        Assert.Contains("ext4_ext_remove_space", functions);
        TraceFiles.AssertReplaysFromFile(cell.Program!, minimized.Trace);
    }

    /// <summary>
    /// Before 4.5 ext4_punch_hole truncates the range again after freeing the blocks
    /// (<see cref="TruncateEras.PunchTruncatesAgain"/>): no schedule leaves a stale page once the
    /// punch has returned, where the bug of the 3.19 cell is the window before that second
    /// truncation. A filesystem without it (not of the ext4 kind) keeps the stale page after the
    /// punch, and so does 4.17 with the punch skipping its lock (the second truncation gone with
    /// ea3d7209ca01): the check below catches both.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20, true, false, false)]
    [InlineData(KernelEra.V3_19, true, false, false)]
    [InlineData(KernelEra.V3_19, false, false, true)]
    [InlineData(KernelEra.V4_17, true, true, true)]
    public void Before_4_5_no_stale_page_is_left_once_the_punch_returns(KernelEra era, bool ext4, bool punchSkips, bool stale)
    {
        var program = new StaleAfterPunch(era, ext4, new Faults { PunchSkipsInvalidateLock = punchSkips });

        var report = TestingEngine.Run(program, Dfs);

        Assert.Equal(stale, report.FoundBug);
        if (stale)
        {
            Assert.Equal(StaleAfterPunch.Invariant, report.Bugs[0].Bug.Source);
        }
        else
        {
            Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
        }
    }

    /// <summary>
    /// punch-vs-fault's threads with one invariant, checked only once the punch has returned: no
    /// clean page over the hole holds the freed blocks' data. (The scenario checks at every step,
    /// and the common invariants would break in the window too.)
    /// </summary>
    private sealed class StaleAfterPunch(KernelEra era, bool ext4, Faults faults) : ITestProgram
    {
        public const string Invariant = "no stale page after the punch returns";

        public string Name => "stale-after-punch";

        public IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["era"] = era.ToString(), ["ext4"] = ext4.ToString() };

        public bool Terminates => true;

        public void Setup(ProgramSetup setup)
        {
            var kernel = new Kernel(setup.Runtime, new KernelConfig { Era = era, Faults = faults });
            var fs = new Model.Fs.SimpleFs(kernel, Model.Fs.SimpleFsOptions.Default with { Ext4MmapSem = ext4 });
            var inode = kernel.CreateInode(1, fs);
            kernel.Device.SetStableVersion(inode, 0, 1);
            var vma = kernel.Memory.Mmap(inode, fs);
            var punched = false;

            setup.AddStateInvariant(Invariant, () =>
                punched && inode.Mapping.Pages.Load(0) is { Version: not 0, Dirty: false } page ? $"{page} holds version {page.Version} after the punch" : null);
            setup.Runtime.Spawn("fault", async () => await kernel.Memory.DoReadFault(vma, 0));
            setup.Runtime.Spawn("punch", async () =>
            {
                await fs.PunchHole(inode, 0, 0);
                punched = true;
            });
        }
    }
}
