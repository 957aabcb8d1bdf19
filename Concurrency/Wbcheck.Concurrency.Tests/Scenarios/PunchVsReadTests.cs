using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// A hole punch against read(2) reading its page in by readahead (docs/eras.md section 122): the
/// read adds the page between the punch's page-cache truncation and the freeing of its blocks,
/// and the page stays over the hole with the old data. Nothing held a read off before
/// 730633f0b7f9 (5.15), ext4's i_mmap_sem being its fault's only. Explored exhaustively here; the
/// era table's row, punch-vs-read, proves the 6.9 cell at bound 2.
/// </summary>
public sealed class PunchVsReadTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with
    {
        Strategy = "dfs",
        Iterations = 100_000,
    };

    [Theory]
    [InlineData(KernelEra.V2_6_20)]
    [InlineData(KernelEra.V3_19)]
    [InlineData(KernelEra.V4_13)]
    [InlineData(KernelEra.V5_0)]
    public void Before_5_15_a_read_reads_the_page_back_in_before_the_punch_frees_its_blocks(KernelEra era)
    {
        var report = TestingEngine.Run(Read(era), Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var bug = report.Bugs[0].Bug;
        Assert.Equal(BugKind.SafetyMonitor, bug.Kind);
        Assert.Equal(PunchVsFault.Invariant, bug.Source);
    }

    /// <summary>From 5.15 readahead and the read's own page take invalidate_lock: no schedule breaks an invariant.</summary>
    [Theory]
    [InlineData(KernelEra.V6_9)]
    [InlineData(KernelEra.V6_10)]
    public void From_5_15_the_punch_holds_reads_off_and_no_schedule_breaks_an_invariant(KernelEra era)
    {
        var report = TestingEngine.Run(Read(era), Dfs);

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
    }

    /// <summary>
    /// The row's holding cell catches the race it is for: with the read adding its page without
    /// invalidate_lock (<see cref="Faults.ReadSkipsInvalidateLock"/>) or the punch taking no lock
    /// (<see cref="Faults.PunchSkipsInvalidateLock"/>), the era table's proof search finds it on
    /// 6.9 and 6.10, minimized (the read's insertion between the punch's truncation and its
    /// block removal) and replayed from file.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V6_9, true)]
    [InlineData(KernelEra.V6_10, true)]
    [InlineData(KernelEra.V6_9, false)]
    public void A_read_or_a_punch_without_the_lock_is_caught_by_the_rows_proof(KernelEra era, bool readSkips)
    {
        var faults = readSkips ? new Faults { ReadSkipsInvalidateLock = true } : new Faults { PunchSkipsInvalidateLock = true };
        var options = ScenarioOptions.Default with { Era = era, Faults = faults };
        var cell = CellCheck.Run(PunchVsFault.ReadName, options, expected: null, CellBudget.Matrix);

        Assert.False(cell.Matches);
        var found = Assert.IsType<Traces.BugTrace>(cell.Bug);
        Assert.Equal(PunchVsFault.Invariant, found.Bug.Source);
        var minimized = TestingEngine.Minimize(cell.Program!, found);
        Assert.True(minimized.Trace.Steps.Count <= found.Steps.Count);

        var functions = minimized.Trace.Steps.Select(step => step.Label.Function).ToList();
        var insertion = functions.IndexOf("filemap_add_folio");
        Assert.True(insertion >= 0, string.Join(", ", functions));
        Assert.True(insertion < functions.IndexOf("ext4_ext_remove_space"), string.Join(", ", functions));
        Assert.Equal("read", minimized.Trace.Steps[insertion].ThreadName);
        TraceFiles.AssertReplaysFromFile(cell.Program!, minimized.Trace);
    }

    /// <summary>
    /// Before 4.5 ext4_punch_hole's second truncation drops the stale page before the punch
    /// returns, as in punch-vs-fault; from ea3d7209ca01 (4.5) there is no second truncation and
    /// the read does not take i_mmap_sem, so in the 4.13 to 5.0 eras the stale page outlives the
    /// punch: the race Jan Kara's invalidate_lock series closed for read(2).
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V3_19, false)]
    [InlineData(KernelEra.V4_13, true)]
    [InlineData(KernelEra.V4_17, true)]
    [InlineData(KernelEra.V5_0, true)]
    [InlineData(KernelEra.V6_9, false)]
    public void From_4_5_to_5_14_the_stale_page_outlives_the_punch(KernelEra era, bool stale)
    {
        var report = TestingEngine.Run(new StaleAfterPunch(era), Dfs);

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

    private static PunchVsFault Read(KernelEra era) => new(ScenarioOptions.Default with { Era = era }, read: true);

    /// <summary>
    /// punch-vs-read's threads with one invariant, checked only once the punch has returned: no
    /// clean page over the hole holds the freed blocks' data.
    /// </summary>
    private sealed class StaleAfterPunch(KernelEra era) : ITestProgram
    {
        public const string Invariant = "no stale page after the punch returns";

        public string Name => "stale-after-punch-read";

        public IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["era"] = era.ToString() };

        public bool Terminates => true;

        public void Setup(ProgramSetup setup)
        {
            var kernel = new Kernel(setup.Runtime, new KernelConfig { Era = era });
            var fs = new Model.Fs.SimpleFs(kernel, Model.Fs.SimpleFsOptions.Default with { Ext4MmapSem = true });
            var inode = kernel.CreateInode(1, fs);
            kernel.Device.SetStableVersion(inode, 0, 1);
            var punched = false;

            setup.AddStateInvariant(Invariant, () =>
                punched && inode.Mapping.Pages.Load(0) is { Version: not 0, Dirty: false } page ? $"{page} holds version {page.Version} after the punch" : null);
            setup.Runtime.Spawn("read", async () => await kernel.Filemap.FilemapRead(inode.Mapping, 0));
            setup.Runtime.Spawn("punch", async () =>
            {
                await fs.PunchHole(inode, 0, 0);
                punched = true;
            });
        }
    }
}
