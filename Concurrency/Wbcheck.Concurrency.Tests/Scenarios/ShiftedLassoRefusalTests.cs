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

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// The relative abstraction drops the pages below the cursor; a cycle that touches one is not a
/// lasso (the next time round it would meet that page again, unshifted), and is refused.
/// </summary>
public sealed class ShiftedLassoRefusalTests
{
    // fsync starts, then the writer dirties its first pages, then the paced phase.
    private static readonly TraceStep[] WriterFirst =
        [.. new[] { 0, 1, 1, 1, 1, 1, 1, 1, 1 }.Select(id => new TraceStep(id, "", DecisionKind.Yield, new StepLabel("prefix")))];

    [Fact]
    public void The_fsync_livelock_closes_a_lasso_relative_to_the_cursor()
    {
        var (bug, refusals) = RunPaced(new FsyncVsDirtier(Options));

        Assert.NotNull(bug?.CycleStart);
        Assert.Empty(refusals);
    }

    [Fact]
    public void A_writer_that_looks_back_at_a_page_left_behind_makes_every_cycle_refused()
    {
        var (bug, refusals) = RunPaced(new LookingBack(Options));

        Assert.Null(bug?.CycleStart);
        Assert.NotEmpty(refusals);
        Assert.All(refusals, r => Assert.Contains("below the cycle's cursor", r, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_name_in_the_roles_table_names_a_field_of_the_model_or_the_scenarios()
    {
        var types = typeof(Kernel).Assembly.GetTypes().Concat(typeof(RaceScenario).Assembly.GetTypes());

        var stale = string.Join(", ", ShiftRoles.Stale(types));
        Assert.True(stale.Length == 0, $"names that name no field: {stale}");
    }

    private static ScenarioOptions Options => ScenarioOptions.Default with { Era = KernelEra.V2_6_29 };

    private static (Bugs.BugReport? Bug, List<string> Refusals) RunPaced(RaceScenario scenario)
    {
        var runner = new IterationRunner();
        var settings = new RunSettings(MaxSteps: 700, FairFrom: WriterFirst.Length, LivenessBound: 5_000, Terminates: true, Lassos: true);
        var outcome = runner.Run(scenario, new PacedStrategy(WriterFirst, WriterFirst.Length, target: 2), settings, 1);
        return (outcome.Bug, [.. runner.LassoRefusals]);
    }

    /// <summary>fsync-vs-dirtier whose writer also reads page 0 (long written and clean) before each write.</summary>
    private sealed class LookingBack(ScenarioOptions options) : RaceScenario(options)
    {
        public override string Name => "fsync-vs-dirtier-looking-back";

        public override string Description => "fsync-vs-dirtier, the writer reading page 0's flags before each write";

        public override bool UsesPages => true;

        protected override void Build(Kernel kernel, ProgramSetup setup)
        {
            var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);
            var inode = kernel.CreateInode(Options.Pages, fs);
            kernel.Filemap.AddCachedPage(inode.Mapping, Options.Pages - 1, dirty: true);
            var syncing = kernel.Open(inode);
            var writing = kernel.Open(inode);
            var started = new Cell<bool>("fsync started", false);
            var returned = new Cell<bool>("fsync returned", false);
            var queue = new WaitQueue("fsync to start");
            setup.Runtime.Spawn("fsync", async () =>
            {
                started.Value = true;
                setup.Runtime.WakeAll(queue);
                await fs.Fsync(syncing, 0, WritebackControl.LLongMax);
                returned.Value = true;
            });
            setup.Runtime.Spawn("writer", async () =>
            {
                while (!started.Value)
                {
                    await setup.Runtime.Sleep(queue, new StepLabel("wait for fsync to start"));
                }

                // Appends at i_size (shifted), so that the look back is all that keeps a lasso away.
                while (!returned.Value)
                {
                    _ = inode.Mapping.Pages.Load(0)?.Dirty;
                    await kernel.Filemap.GenericFileWriteIter(writing, Page.PagesOf(inode.Size));
                }
            });
            setup.AddLivenessMonitor("fsync returns", () => !returned.Value);
            setup.DeclareShiftedLassos("writer", () => kernel.Vmstat.NrFileDirty, "as fsync-vs-dirtier's, and the look at page 0 compares nothing");
        }
    }
}
