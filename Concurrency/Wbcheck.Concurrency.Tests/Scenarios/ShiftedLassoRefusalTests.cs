using Wbcheck.Concurrency.Execution;
using Wbcheck.Concurrency.Lassos;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// The relative abstraction drops the pages below the cursor; a cycle that touches one is not a
/// lasso (the next time round it would meet that page again, unshifted), and is refused. The
/// subject is the list era's fast dirtier (bio-fast-dirtier-no-io-pages, 2.5.31), whose livelock
/// closes a lasso with no throttle state in the way.
/// </summary>
public sealed class ShiftedLassoRefusalTests(ITestOutputHelper output)
{
    // fsync starts, then the writer dirties its first pages, then the paced phase.
    private static readonly TraceStep[] WriterFirst =
        [.. new[] { 0, 1, 1, 1, 1, 1, 1, 1, 1 }.Select(id => new TraceStep(id, "", DecisionKind.Yield, new StepLabel("prefix")))];

    /// <summary>The writer held at 2 dirty pages ahead (at 1 the walk catches up with it and the pass returns).</summary>
    private const long Lead = 2;

    [Fact]
    public void The_list_eras_fast_dirtier_closes_a_lasso_relative_to_the_cursor()
    {
        var (bug, refusals) = RunPaced(new BioRedirty(Options, ioPages: false, fastDirtier: true));

        Assert.NotNull(bug?.CycleStart);
        Assert.Empty(refusals);
    }

    [Fact]
    public void A_writer_that_looks_back_at_a_page_left_behind_makes_every_cycle_refused()
    {
        var (bug, refusals) = RunPaced(new LookingBack(Options));

        output.WriteLine(string.Join("\n", refusals.Take(3)));
        Assert.Null(bug?.CycleStart);
        Assert.NotEmpty(refusals);
        Assert.All(refusals, r => Assert.Contains("below the cycle's cursor", r, StringComparison.Ordinal));
    }

    /// <summary>
    /// The pacing that closed fsync-vs-dirtier 2.6.29's lasso of 277 decisions before the per-bdi
    /// proportions were modelled (fsync's first step, the writer's first pages, then a lead of 2)
    /// closes it again with the proportions booted: they are left out of the state, and every
    /// state of the cycle is checked to be one where they decide nothing (dirty_exceeded clear,
    /// the dirty and writeback pages under the catch-up ceiling).
    /// </summary>
    [Fact]
    public void The_fsync_livelock_of_2_6_29_closes_its_lasso_with_the_proportions_left_out()
    {
        var (bug, refusals) = RunFsyncPaced(new FsyncVsDirtier(ScenarioOptions.Default with { Era = KernelEra.V2_6_29 }));

        Assert.NotNull(bug?.CycleStart);
        Assert.Empty(refusals);
        Assert.Contains(bug.Details, d => d.StartsWith("the floating proportions are left out of the state", StringComparison.Ordinal));
    }

    /// <summary>
    /// The same pacing, with the proportions left out but a program that says they might decide
    /// something in every state: every cycle met is refused for it, and no lasso is claimed (the
    /// check that makes leaving them out sound; without it this closes the lasso above).
    /// </summary>
    [Fact]
    public void Proportions_that_may_decide_in_a_state_of_the_cycle_make_it_refused()
    {
        var (bug, refusals) = RunFsyncPaced(new ProportionsMayDecide(new FsyncVsDirtier(ScenarioOptions.Default with { Era = KernelEra.V2_6_29 })));

        output.WriteLine(string.Join("\n", refusals.Take(3)));
        Assert.Null(bug?.CycleStart);
        Assert.NotEmpty(refusals);
        Assert.All(refusals, r => Assert.Contains("the floating proportions, left out of the state, may decide something", r, StringComparison.Ordinal));
    }

    private static (Bugs.BugReport? Bug, List<string> Refusals) RunFsyncPaced(ITestProgram program)
    {
        var runner = new IterationRunner();
        var settings = new RunSettings(MaxSteps: 700, FairFrom: WriterFirst.Length, LivenessBound: 5_000, Terminates: true, Lassos: true);
        var outcome = runner.Run(program, new PacedStrategy(WriterFirst, WriterFirst.Length, target: 2), settings, 1);
        return (outcome.Bug, [.. runner.LassoRefusals]);
    }

    /// <summary>A program as <paramref name="inner"/>, whose lasso declaration says the proportions may decide something in every state.</summary>
    private sealed class ProportionsMayDecide(ITestProgram inner) : ITestProgram
    {
        public string Name => inner.Name;

        public IReadOnlyDictionary<string, string> Parameters => inner.Parameters;

        public bool Terminates => inner.Terminates;

        public void Setup(ProgramSetup setup)
        {
            inner.Setup(setup);
            var runtime = (Runtime.ControlledRuntime)setup.Runtime;
            runtime.LassoShape = runtime.LassoShape! with { ProportionsDecide = () => "the test says so" };
        }
    }

    [Fact]
    public void Every_name_in_the_roles_table_names_a_field_of_the_model_or_the_scenarios()
    {
        var types = typeof(Kernel).Assembly.GetTypes().Concat(typeof(RaceScenario).Assembly.GetTypes());

        var stale = string.Join(", ", ShiftRoles.Stale(types));
        Assert.True(stale.Length == 0, $"names that name no field: {stale}");
    }

    /// <summary>
    /// 2.5.31 built with RATELIMIT_PAGES 16, one-page bios. Its count is tested before the bump
    /// ("count++ &gt;="), so a CPU looks every 17 pages, and a cycle must span a whole number of
    /// looks and of bios: with 32 and the 256-page bio (this test's configuration before the
    /// kernel's form was modelled) that is 33 x 256 pages, far past the run's 4,000 decisions.
    /// 16 and one page make it 17 pages.
    /// </summary>
    private static ScenarioOptions Options => ScenarioOptions.Default with { Era = KernelEra.V2_5, RatelimitPages = 16, BioPages = 1 };

    /// <summary>
    /// Round-robin from the first decision, the writer held at <see cref="Lead"/> dirty pages: the
    /// lasso closes once 17 pages have gone round (one look of the ratelimit count).
    /// </summary>
    private static (Bugs.BugReport? Bug, List<string> Refusals) RunPaced(RaceScenario scenario)
    {
        var runner = new IterationRunner();
        var settings = new RunSettings(MaxSteps: 4_000, FairFrom: 0, LivenessBound: 5_000, Terminates: true, Lassos: true);
        var outcome = runner.Run(scenario, new PacedStrategy([], 0, Lead), settings, 1);
        return (outcome.Bug, [.. runner.LassoRefusals]);
    }

    /// <summary>bio-fast-dirtier-no-io-pages whose writer also reads page 0 (long written and clean) before each write.</summary>
    private sealed class LookingBack(ScenarioOptions options) : RaceScenario(options)
    {
        public override string Name => "bio-fast-dirtier-no-io-pages-looking-back";

        public override string Description => "bio-fast-dirtier-no-io-pages, the writer reading page 0's flags before each write";

        public override bool AppliesTo(KernelEra era) => era.HasPageLists();

        protected override Faults KernelFaults => Options.Faults with { WalkDirtyPagesWithoutIoPages = true };

        protected override void Build(Kernel kernel, ProgramSetup setup)
        {
            var fs = new SimpleFs(kernel, new SimpleFsOptions { AggregateWritepages = true, KeepPagesLockedInBio = true });
            var inode = kernel.CreateInode(1, fs);
            kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
            var writing = kernel.Open(inode);
            var returned = new Cell<bool>("returned", false);
            setup.Runtime.Spawn("sync", async () =>
            {
                await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Integrity());
                returned.Value = true;
            });
            setup.Runtime.Spawn("writer", async () =>
            {
                // Appends at i_size (shifted), so that the look back is all that keeps a lasso away.
                while (!returned.Value)
                {
                    _ = inode.Mapping.Pages.Load(0)?.Dirty;
                    await kernel.Filemap.GenericFileWriteIter(writing, Page.PagesOf(inode.Size));
                }
            });
            setup.AddLivenessMonitor(BioRedirty.LivenessName, () => !returned.Value);
            setup.DeclareShiftedLassos("writer", () => kernel.Vmstat.NrFileDirty, "as bio-fast-dirtier-no-io-pages', and the look at page 0 compares nothing");
        }
    }
}
