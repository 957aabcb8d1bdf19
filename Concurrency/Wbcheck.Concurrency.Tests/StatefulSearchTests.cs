using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Tests.Programs;

namespace Wbcheck.Concurrency.Tests;

/// <summary>Stateful DFS: state fingerprints and the visited-state table.</summary>
public sealed class StatefulSearchTests
{
    private static readonly TestingConfiguration Dfs = TestingConfiguration.Default with
    {
        Strategy = "dfs",
        Iterations = 100_000,
        PreemptionBound = 100,
        Reduction = false,
    };

    [Fact]
    public void Equal_states_have_equal_fingerprints_and_different_states_different_ones()
    {
        // Three threads of three steps on their own cells: the state is how far each thread got.
        // Whatever the order that got there, the fingerprint must be the same, and differ otherwise.
        var probe = new PositionProbe();
        for (var i = 0; probe.StartIteration(i, 0); i++)
        {
            new Execution.IterationRunner().Run(new OwnCells(3, 3, shared: false), probe, new Execution.RunSettings(100, 100, 100, true), 0);
        }

        Assert.Equal(64 - 1, probe.Fingerprints.Count); // (0..3)^3 positions, less the end, where no thread is enabled
        Assert.Equal(probe.Fingerprints.Count, probe.Fingerprints.Values.Distinct().Count());
        Assert.Empty(probe.Mismatches);
    }

    [Fact]
    public void A_frame_awaiting_a_method_of_the_frameworks_builder_is_part_of_the_state()
    {
        // Each thread counts in its own frame and yields inside a method on the framework's
        // builder: the counting frame is reached only through the continuation the framework
        // stored for it (a SynchronizationContextAwaitTaskContinuation's m_action, under the
        // runner's context). Left out, every position of a thread would be one state.
        var probe = new PositionProbe();
        for (var i = 0; probe.StartIteration(i, 0); i++)
        {
            new Execution.IterationRunner().Run(new FrameworkFrames(), probe, new Execution.RunSettings(100, 100, 100, true), 0);
        }

        Assert.True(probe.Fingerprints.Count > 4, $"{probe.Fingerprints.Count} positions");
        Assert.Equal(probe.Fingerprints.Count, probe.Fingerprints.Values.Distinct().Count());
        Assert.Empty(probe.Mismatches);
    }

    [Fact]
    public void Every_handler_of_an_event_is_part_of_the_state()
    {
        // Two events that differ only in their first handler.
        var one = new Cell<int>(1);
        var two = new Cell<int>(2);
        var last = new Cell<int>(3);
        Action common = () => last.Value++;
        Action bumpOne = () => one.Value++;
        Action withOne = bumpOne + common;
        Action withTwo = (() => two.Value++) + common;
        var runtime = new Runtime.ControlledRuntime(new Runtime.Workspace(), new RandomStrategy());
        var fingerprint = new Runtime.StateFingerprint();

        Assert.NotEqual(fingerprint.Compute(runtime, [withOne]), fingerprint.Compute(runtime, [withTwo]));
        Assert.Equal(fingerprint.Compute(runtime, [withOne]), fingerprint.Compute(runtime, [bumpOne + common]));
    }

    [Fact]
    public void Stateful_search_exhausts_a_correct_program_in_fewer_schedules()
    {
        var stateless = TestingEngine.Run(new LockedCounter(3), Dfs);
        var stateful = TestingEngine.Run(new LockedCounter(3), Dfs with { Stateful = true });

        Assert.Equal(StopReason.SpaceExhausted, stateful.StopReason);
        Assert.False(stateful.FoundBug);
        Assert.True(stateful.Iterations * 4 < stateless.Iterations, $"{stateful.Iterations} vs {stateless.Iterations}");
        Assert.True(stateful.Search!.StatesPruned > 0);
        Assert.Contains("states stored (hash compaction: 64-bit fingerprints, table of", stateful.Summary());
    }

    [Fact]
    public void Stateful_search_finds_the_deadlock_and_its_trace_replays()
    {
        var program = new LockOrderInversion(5);
        var report = TestingEngine.Run(program, Dfs with { Stateful = true, StopAtFirstBug = false });

        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
        Assert.NotEmpty(report.Bugs);
        Assert.All(report.Bugs, b => Assert.Equal(Bugs.BugKind.Deadlock, b.Bug.Kind));
        TraceFiles.AssertReplaysFromFile(program, report.Bugs[0]);
    }

    [Fact]
    public void A_kernel_cell_that_holds_is_exhausted_in_fewer_schedules()
    {
        var small = ScenarioCatalog.Create(FsyncVsTruncate.ScenarioName, ScenarioOptions.Default with { Small = true, Pages = 2 });
        var configuration = RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Iterations = 100_000 };

        var stateless = TestingEngine.Run(small, configuration);
        var stateful = TestingEngine.Run(small, configuration with { Stateful = true });

        Assert.Equal(StopReason.SpaceExhausted, stateful.StopReason);
        Assert.False(stateful.FoundBug);
        Assert.True(stateful.Iterations * 2 < stateless.Iterations, $"{stateful.Iterations} vs {stateless.Iterations}");
    }

    [Fact]
    public void Stateful_search_still_finds_a_bug_only_a_late_order_shows()
    {
        // Pruning must not lose the read, write, read order of the non-repeatable read.
        var report = TestingEngine.Run(new NonRepeatableRead(), Dfs with { Stateful = true });

        Assert.Equal("reread", Assert.Single(report.Bugs).Bug.Source);
    }

    [Fact]
    public void A_full_table_loses_pruning_not_states()
    {
        var stateless = TestingEngine.Run(new LockOrderInversion(5), Dfs with { StopAtFirstBug = false });
        var tiny = TestingEngine.Run(new LockOrderInversion(5), Dfs with { Stateful = true, StateBudgetBytes = 1024, StopAtFirstBug = false });

        Assert.Equal(StopReason.SpaceExhausted, tiny.StopReason);
        Assert.True(tiny.Search!.StatesDropped > 0);
        Assert.Contains("not stored for lack of room", tiny.Summary());
        Assert.NotEmpty(tiny.Bugs);
        Assert.True(tiny.Iterations <= stateless.Iterations);
    }

    [Fact]
    public void Stateful_is_refused_for_other_strategies()
    {
        var error = Assert.Throws<ArgumentException>(() => TestingEngine.Run(new LostUpdate(0), TestingConfiguration.Default with { Stateful = true }));
        Assert.Contains("stateful search is a mode of the dfs strategy", error.Message);
    }

    /// <summary>DFS over every schedule, fingerprinting each state where threads could be chosen, keyed by each thread's progress.</summary>
    private sealed class PositionProbe : ISchedulingStrategy
    {
        private readonly DfsStrategy inner = new(100, 100, reduce: false);
        private readonly int[] ran = new int[3];

        public Dictionary<string, ulong> Fingerprints { get; } = [];

        public List<string> Mismatches { get; } = [];

        public string Name => "dfs";

        public bool IsFair => false;

        public int LearningIterations => 0;

        public bool StartIteration(int iteration, ulong seed)
        {
            Array.Clear(ran);
            return inner.StartIteration(iteration, seed);
        }

        public int NextThread(in SchedulingStep step)
        {
            var key = string.Join(",", ran);
            var fingerprint = step.Fingerprint();
            if (Fingerprints.TryGetValue(key, out var seen) && seen != fingerprint)
            {
                Mismatches.Add(key);
            }

            Fingerprints[key] = fingerprint;
            var chosen = inner.NextThread(step);
            ran[chosen]++;
            return chosen;
        }

        public int NextChoice(in ChoicePoint choice) => inner.NextChoice(choice);
    }

    /// <summary>Two threads, each counting to three in its own frame, yielding in a method of the framework's builder.</summary>
    private sealed class FrameworkFrames : ITestProgram
    {
        public string Name => "framework-frames";

        public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

        public bool Terminates => true;

        public void Setup(ProgramSetup setup)
        {
            var runtime = setup.Runtime;
            for (var t = 0; t < 2; t++)
            {
                runtime.Spawn($"t{t}", async () =>
                {
                    for (var count = 0; count < 3; count++)
                    {
                        await YieldOnFrameworkBuilder(runtime);
                    }
                });
            }
        }

        private static async ValueTask YieldOnFrameworkBuilder(Model.Runtime.IKernelRuntime runtime) =>
            await runtime.Schedule(Model.Runtime.PointKind.Yield, new Model.Runtime.StepLabel("yield"));
    }
}
