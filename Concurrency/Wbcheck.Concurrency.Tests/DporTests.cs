using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Tests.Programs;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests;

/// <summary>DFS's dynamic partial-order reduction (race-directed backtracking over the footprints programs report).</summary>
public sealed class DporTests(ITestOutputHelper output)
{
    // A bound that never binds: a bound's cuts make DPOR take every option at the branches above them.
    private static readonly TestingConfiguration Unbounded = TestingConfiguration.Default with
    {
        Strategy = "dfs",
        Iterations = 100_000,
        PreemptionBound = 100,
        StopAtFirstBug = true,
    };

    public static TheoryData<string[], int, int> Programs => new()
    {
        // Two writers of x, one of y: the order on x decides, 2 classes of 3! = 6 orders.
        { ["x", "x", "y"], 2, 6 },
        // a1(x) a2(y) against b1(y) b2(x): b2 before a1 forces b1 before a2, so 3 classes of 6 orders.
        { ["xy", "yx"], 3, 6 },
        // Three threads of two steps on one cell: no two orders equivalent, 6! / 2!^3 = 90.
        { ["xx", "xx", "xx"], 90, 90 },
        // Three threads of three steps on their own cells: one class of 9! / 3!^3 = 1,680 orders.
        { ["aaa", "bbb", "ccc"], 1, 1680 },
        // Two threads meet on x in their middle steps, the rest private: the order on x decides, 2 classes.
        { ["axa", "bxb", "ccc"], 2, 1680 },
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void Dpor_runs_one_schedule_per_class_to_its_end(string[] threads, int classes, int orders)
    {
        foreach (var mode in new[] { DporMode.Source, DporMode.FlanaganGodefroid, DporMode.Optimal })
        {
            var plain = TestingEngine.Run(new CellSteps(threads), Unbounded with { Reduction = false });
            var reduced = TestingEngine.Run(new CellSteps(threads), Unbounded with { Dpor = mode });
            output.WriteLine($"{mode}: {reduced.Summary()}");

            Assert.Equal(orders, plain.Iterations);
            Assert.Equal(StopReason.SpaceExhausted, reduced.StopReason);
            Assert.Equal(classes, reduced.Iterations - reduced.Search!.SleepBlocked);
        }
    }

    /// <summary>
    /// Optimal DPOR (wakeup trees) runs exactly one schedule per class: every schedule runs to its
    /// end (none stops asleep), so the schedules are the classes counted by hand.
    /// </summary>
    [Theory]
    [MemberData(nameof(Programs))]
    public void Optimal_dpor_runs_each_class_once_and_no_schedule_ends_asleep(string[] threads, int classes, int orders)
    {
        var plain = TestingEngine.Run(new CellSteps(threads), Unbounded with { Reduction = false });
        var optimal = TestingEngine.Run(new CellSteps(threads), Unbounded with { Dpor = DporMode.Optimal });
        output.WriteLine(optimal.Summary());

        Assert.Equal(orders, plain.Iterations);
        Assert.Equal(StopReason.SpaceExhausted, optimal.StopReason);
        Assert.Equal(0, optimal.Search!.SleepBlocked);
        Assert.Equal(classes, optimal.Iterations);
    }

    public static TheoryData<string, ITestProgram, string> ClassicBugs => new()
    {
        { "abba-5", new LockOrderInversion(5), "deadlock" },
        { "lost-update", new LostUpdate(0), "lost_update" },
        { "lost-update-noise-2", new LostUpdate(2), "lost_update" },
        { "reorder-3", new Reorder(3), "reorder_check" },
        { "reorder-5", new Reorder(5), "reorder_check" },
    };

    [Theory]
    [MemberData(nameof(ClassicBugs))]
    public void Dpor_finds_each_classic_bug_and_its_trace_replays(string name, ITestProgram program, string expected)
    {
        var report = TestingEngine.Run(program, Unbounded with { Dpor = DporMode.Source });
        output.WriteLine($"{name}: {report.Summary()}");

        var trace = Assert.Single(report.Bugs);
        Assert.Contains(expected, $"{trace.Bug.Kind} {trace.Bug.Source}".ToLowerInvariant());
        TraceFiles.AssertReplaysFromFile(program, trace);
    }

    [Fact]
    public void A_correct_program_with_locks_is_exhausted_in_fewer_schedules_than_with_sleep_sets()
    {
        var sleepSets = TestingEngine.Run(new LockedCounter(3), Unbounded with { Dpor = DporMode.Off });
        var dpor = TestingEngine.Run(new LockedCounter(3), Unbounded with { Dpor = DporMode.Source });
        output.WriteLine($"sleep sets: {sleepSets.Summary()}\ndpor: {dpor.Summary()}");

        Assert.Equal(StopReason.SpaceExhausted, dpor.StopReason);
        Assert.False(dpor.FoundBug);
        Assert.True(dpor.Iterations < sleepSets.Iterations, $"{dpor.Iterations} vs {sleepSets.Iterations}");
    }

    [Fact]
    public void A_footprint_too_small_makes_dpor_miss_the_bug()
    {
        // The reads of the counter are not reported: no race between them and the write is seen,
        // so DPOR never backtracks to run the write between the reads. The same program with its
        // reads reported is caught, and so is the forgetful one without the reduction.
        var configuration = Unbounded with { Dpor = DporMode.Source, StopAtFirstBug = false };
        var forgetful = TestingEngine.Run(new UnreportedRead(forgetRead: true), configuration);
        var unreduced = TestingEngine.Run(new UnreportedRead(forgetRead: true), configuration with { Reduction = false });
        var honest = TestingEngine.Run(new UnreportedRead(forgetRead: false), configuration);

        Assert.Equal(StopReason.SpaceExhausted, forgetful.StopReason);
        Assert.False(forgetful.FoundBug, forgetful.Summary());
        Assert.Equal("reread", unreduced.Bugs[0].Bug.Source);
        Assert.Equal("reread", honest.Bugs[0].Bug.Source);
    }
}
