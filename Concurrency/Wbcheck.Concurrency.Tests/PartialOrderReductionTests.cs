using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Tests.Programs;

namespace Wbcheck.Concurrency.Tests;

/// <summary>DFS's partial-order reduction (sleep sets over the footprints programs report).</summary>
public sealed class PartialOrderReductionTests
{
    // A bound that never binds: the reduction at full strength (a bound's cuts keep threads awake).
    private static readonly TestingConfiguration Unbounded = TestingConfiguration.Default with
    {
        Strategy = "dfs",
        Iterations = 100_000,
        PreemptionBound = 100,

        // Sleep sets alone (DporTests tests DPOR).
        Dpor = DporMode.Off,
    };

    [Fact]
    public void Threads_touching_nothing_in_common_run_one_schedule_to_the_end()
    {
        // 3 threads of 3 steps: 9! / (3! 3! 3!) = 1,680 orders, all one class.
        var plain = TestingEngine.Run(new OwnCells(3, 3, shared: false), Unbounded with { Reduction = false });
        var reduced = TestingEngine.Run(new OwnCells(3, 3, shared: false), Unbounded);

        Assert.Equal(1680, plain.Iterations);
        Assert.Equal(StopReason.SpaceExhausted, reduced.StopReason);
        Assert.Equal(1, reduced.Iterations - reduced.Search!.SleepBlocked);
        Assert.True(reduced.Iterations < 100, reduced.Summary());
    }

    [Fact]
    public void Threads_touching_one_cell_keep_every_order()
    {
        var reduced = TestingEngine.Run(new OwnCells(3, 3, shared: true), Unbounded);

        Assert.Equal(StopReason.SpaceExhausted, reduced.StopReason);
        Assert.Equal(1680, reduced.Iterations);
        Assert.Equal(0, reduced.Search!.SleepBlocked);
    }

    [Fact]
    public void A_correct_program_is_exhausted_in_fewer_schedules()
    {
        var plain = TestingEngine.Run(new LockedCounter(3), Unbounded with { Reduction = false });
        var reduced = TestingEngine.Run(new LockedCounter(3), Unbounded);

        Assert.Equal(StopReason.SpaceExhausted, plain.StopReason);
        Assert.Equal(StopReason.SpaceExhausted, reduced.StopReason);
        Assert.False(reduced.FoundBug);
        Assert.True(reduced.Iterations * 10 < plain.Iterations, $"{reduced.Iterations} vs {plain.Iterations}");
    }

    [Fact]
    public void The_reduction_finds_the_lost_update_sooner_and_its_trace_replays()
    {
        var plain = TestingEngine.Run(new LostUpdate(2), Unbounded with { Reduction = false });
        var reduced = TestingEngine.Run(new LostUpdate(2), Unbounded);

        Assert.True(plain.FoundBug);
        var trace = Assert.Single(reduced.Bugs);
        Assert.Equal("lost_update", trace.Bug.Source);
        Assert.True(reduced.Iterations * 10 < plain.Iterations, $"{reduced.Iterations} vs {plain.Iterations}");
        TraceFiles.AssertReplaysFromFile(new LostUpdate(2), trace);
    }

    [Fact]
    public void A_footprint_too_small_makes_the_reduction_miss_the_bug()
    {
        // The reads of the counter are not reported: the reduction takes them as independent of
        // the write and never runs read, write, read. That is what a wrong footprint costs; the
        // same program with its reads reported is caught.
        var forgetful = TestingEngine.Run(new UnreportedRead(forgetRead: true), Unbounded with { StopAtFirstBug = false });
        var unreduced = TestingEngine.Run(new UnreportedRead(forgetRead: true), Unbounded with { Reduction = false });
        var honest = TestingEngine.Run(new UnreportedRead(forgetRead: false), Unbounded);

        Assert.Equal(StopReason.SpaceExhausted, forgetful.StopReason);
        Assert.False(forgetful.FoundBug, forgetful.Summary());
        Assert.Equal("reread", Assert.Single(unreduced.Bugs).Bug.Source);
        Assert.Equal("reread", Assert.Single(honest.Bugs).Bug.Source);
    }

    public static TheoryData<string, ITestProgram, string> ClassicBugs => new()
    {
        { "abba-5", new LockOrderInversion(5), "deadlock" },
        { "abba-50", new LockOrderInversion(50), "deadlock" },
        { "lost-update", new LostUpdate(0), "lost_update" },
        { "lost-update-noise-2", new LostUpdate(2), "lost_update" },
        { "reorder-3", new Reorder(3), "reorder_check" },
    };

    [Theory]
    [MemberData(nameof(ClassicBugs))]
    public void Dfs_with_the_reduction_finds_each_classic_bug_within_100000_schedules(string name, ITestProgram program, string expected)
    {
        var report = TestingEngine.Run(program, TestingConfiguration.Default with { Strategy = "dfs", Iterations = 100_000 });

        var trace = Assert.Single(report.Bugs);
        Assert.True(name.Length > 0);
        Assert.Contains(expected, $"{trace.Bug.Kind} {trace.Bug.Source}".ToLowerInvariant());
        TraceFiles.AssertReplaysFromFile(program, trace);
    }
}
