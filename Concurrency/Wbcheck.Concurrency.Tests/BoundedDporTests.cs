using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Tests.Programs;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// DPOR under a preemption bound (bounded partial-order reduction, Coons, Musuvathi and McKinley,
/// OOPSLA 2013): at every bound it reaches what DFS without reduction reaches at that bound, it
/// loses classes without its conservative backtrack points, and under CHESS's iterated bound (the
/// default of <c>--strategy dfs</c>) it finds each classic bug with the fewest preemptions.
/// </summary>
public sealed class BoundedDporTests(ITestOutputHelper output)
{
    private static readonly TestingConfiguration Exhaust = TestingConfiguration.Default with
    {
        Strategy = "dfs",
        Iterations = 1_000_000,
        StopAtFirstBug = false,
    };

    private static readonly DporMode[] Modes = [DporMode.Source, DporMode.FlanaganGodefroid, DporMode.Optimal];

    public static TheoryData<string[], int[]> HandCounted => new()
    {
        // A writer of x then y, a reader of y then x: the reader before, after, or (one
        // preemption) reading y before the writer's y and x after its x: 2 classes at bound 0, 3 from 1.
        { ["XY", "yx"], [2, 3, 3] },
        // One writer, two one-step readers: each read before or after the write, every switch free: 4.
        { ["X", "x", "x"], [4, 4, 4] },
        // Each writes x, then reads it: the order of the writes, and whether the first writer
        // reads before the second writes (2 at bound 0); reading after it takes one preemption (4).
        { ["Xx", "Xx"], [2, 4, 4] },
    };

    [Theory]
    [MemberData(nameof(HandCounted))]
    public void At_each_bound_dpor_reaches_the_hand_counted_classes(string[] threads, int[] classes)
    {
        for (var bound = 0; bound < classes.Length; bound++)
        {
            var plain = new RandomAccesses(threads);
            TestingEngine.Run(plain, Exhaust with { PreemptionBound = bound, Reduction = false });
            Assert.Equal(classes[bound], plain.Outcomes.Count);
            foreach (var mode in Modes)
            {
                var dpor = new RandomAccesses(threads);
                var report = TestingEngine.Run(dpor, Exhaust with { PreemptionBound = bound, Dpor = mode });
                output.WriteLine($"{string.Join(",", threads)} bound {bound} {mode}: {report.Summary()}");

                Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
                Assert.Equal(plain.Outcomes.Order(), dpor.Outcomes.Order());
            }
        }
    }

    [Fact]
    public void Without_the_conservative_points_a_class_the_bound_allows_is_lost()
    {
        // At bound 0 the reader-first class is reached only through the conservative point.
        var dropped = new RandomAccesses("XY", "yx");
        TestingEngine.Run(dropped, Exhaust with { PreemptionBound = 0, ConservativeBacktracks = false });

        Assert.Single(dropped.Outcomes);
    }

    [Fact]
    public void A_dropped_conservative_point_misses_a_bug_at_the_bound_that_allows_it()
    {
        // The bug needs no preemption, but only the reader run first, before the writer's first
        // write, shows it. Without the conservative point bound 0 never tries the reader first
        // and exhausts its tree without the bug; bound 1 reaches it only with a preemption it does
        // not need (the writer's start, then the reader), so the iterated bound's promise, the
        // fewest preemptions first, is broken. With it, bound 0 finds it.
        var configuration = TestingConfiguration.Default with { Strategy = "dfs", Iterations = 100_000 };
        var dropped = TestingEngine.Run(new ReadsBeforeWrites(), configuration with { ConservativeBacktracks = false });
        var bounded = TestingEngine.Run(new ReadsBeforeWrites(), configuration);
        output.WriteLine($"dropped: {dropped.Summary()}\nbounded: {bounded.Summary()}");

        var late = Assert.Single(dropped.Bugs);
        Assert.Equal((1, 1), (late.Preemptions, dropped.Iterated?.Bound));
        var trace = Assert.Single(bounded.Bugs);
        Assert.Equal("read_first", trace.Bug.Source);
        Assert.Equal((0, 0), (trace.Preemptions, bounded.Iterated?.Bound));
        TraceFiles.AssertReplaysFromFile(new ReadsBeforeWrites(), trace);
    }

    [Fact]
    public void At_every_bound_dpor_reaches_every_outcome_plain_dfs_reaches()
    {
        // Random programs of 2-3 threads, 1-3 operations each (reads, writes, increments under a
        // lock), searched at bounds 0, 1, 2: with either DPOR the outcomes (every read and the
        // final values) are exactly those of every schedule within the bound. A campaign runs
        // more: WBCHECK_BPOR_SEED, WBCHECK_BPOR_PROGRAMS, WBCHECK_BPOR_BOUND.
        var random = new Random(Setting("WBCHECK_BPOR_SEED", 19));
        var bounds = Setting("WBCHECK_BPOR_BOUND", 2);
        var failures = new List<string>();
        var compared = 0;
        var plainRuns = 0L;
        var reducedRuns = 0L;
        for (var program = 0; program < Setting("WBCHECK_BPOR_PROGRAMS", 150); program++)
        {
            var threads = new string[random.Next(2, 4)];
            for (var t = 0; t < threads.Length; t++)
            {
                threads[t] = new string([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => "xyXYlm"[random.Next(6)])]);
            }

            for (var bound = 0; bound <= bounds; bound++)
            {
                var plain = new RandomAccesses(threads);
                var all = TestingEngine.Run(plain, Exhaust with { PreemptionBound = bound, Reduction = false });
                Assert.Equal(StopReason.SpaceExhausted, all.StopReason);
                plainRuns += all.Iterations;
                foreach (var mode in Modes)
                {
                    var dpor = new RandomAccesses(threads);
                    var report = TestingEngine.Run(dpor, Exhaust with { PreemptionBound = bound, Dpor = mode });
                    Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
                    if (!plain.Outcomes.SetEquals(dpor.Outcomes))
                    {
                        failures.Add($"{string.Join(",", threads)} at bound {bound}, {mode}: missed {string.Join("; ", plain.Outcomes.Except(dpor.Outcomes))}");
                    }

                    reducedRuns += report.Iterations;
                    compared++;
                }
            }
        }

        output.WriteLine($"{compared} searches compared; {plainRuns} schedules without reduction, {reducedRuns} with DPOR (every mode)");
        Assert.True(failures.Count == 0, $"{failures.Count} searches lost outcomes:\n{string.Join("\n", failures)}");
        Assert.True(reducedRuns < Modes.Length * plainRuns, $"{reducedRuns} vs {Modes.Length * plainRuns}");
    }

    public static TheoryData<string, ITestProgram, string> ClassicBugs => new()
    {
        { "abba-5", new LockOrderInversion(5), "deadlock" },
        { "lost-update", new LostUpdate(0), "lost_update" },
        { "reorder-3", new Reorder(3), "reorder_check" },
        { "reorder-10", new Reorder(10), "reorder_check" },
        { "dining-5", new DiningPhilosophers(5), "deadlock" },
        { "wrong-lock-3", new WrongLockCounter(3), "wrong_lock" },
    };

    [Theory]
    [MemberData(nameof(ClassicBugs))]
    public void The_iterated_bound_finds_each_classic_bug_with_the_fewest_preemptions(string name, ITestProgram program, string expected)
    {
        // The default of --strategy dfs: DPOR (source sets) and the bound iterated 0, 1, 2, ...
        var report = TestingEngine.Run(program, TestingConfiguration.Default with { Strategy = "dfs", Iterations = 100_000 });
        output.WriteLine($"{name}: {report.Summary()}");

        var trace = Assert.Single(report.Bugs);
        Assert.Contains(expected, $"{trace.Bug.Kind} {trace.Bug.Source}".ToLowerInvariant());
        Assert.Equal(report.Iterated?.Bound, trace.Preemptions);
        TraceFiles.AssertReplaysFromFile(program, trace);

        // Fewest: every schedule with fewer preemptions is bug-free, checked by DPOR exhausting
        // the lower bound and, where that bound's tree is small enough, by DFS without reduction.
        var below = trace.Preemptions - 1;
        Assert.True(below >= 0, "each classic bug needs a preemption");
        var lower = TestingEngine.Run(program, Exhaust with { PreemptionBound = below, StopAtFirstBug = true });
        Assert.Equal(StopReason.SpaceExhausted, lower.StopReason);
        Assert.False(lower.FoundBug);
        if (name != "reorder-10")
        {
            // reorder-10's bound 0 runs the 11 threads in every order without reduction: 11!.
            var plain = TestingEngine.Run(program, Exhaust with { PreemptionBound = below, StopAtFirstBug = true, Reduction = false });
            Assert.Equal(StopReason.SpaceExhausted, plain.StopReason);
            Assert.False(plain.FoundBug);
        }
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;
}
