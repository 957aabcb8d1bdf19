using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Tests.Programs;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// <see cref="Primitives.SharedVariable{T}"/> reports a read as a read and a write that stores the
/// value the variable already holds as a read too (it changes nothing), so DFS's reduction
/// commutes them; a write that changes the value stays a write, dependent with every access.
/// </summary>
public sealed class ValueAwareFootprintTests(ITestOutputHelper output)
{
    private static readonly TestingConfiguration Unbounded = TestingConfiguration.Default with
    {
        Strategy = "dfs",
        Iterations = 100_000,
        PreemptionBound = 1000,
        StopAtFirstBug = true,
    };

    public static TheoryData<DporMode> Modes => new() { DporMode.Source, DporMode.FlanaganGodefroid, DporMode.Optimal, DporMode.Off };

    [Theory]
    [InlineData(DporMode.Source)]
    [InlineData(DporMode.FlanaganGodefroid)]
    [InlineData(DporMode.Optimal)]
    public void Dpor_finds_reorder_10_within_100000_schedules(DporMode mode)
    {
        // Every setter writes a = 1 and b = 1: once one has, the others' writes change nothing and
        // commute with each other and with the checker's reads. With every write a write, each
        // order of the setters' writes was a class of its own: not found in 100,000.
        var program = new Reorder(10);
        var report = TestingEngine.Run(program, Unbounded with { Dpor = mode });
        output.WriteLine(report.Summary());

        var trace = Assert.Single(report.Bugs);
        Assert.Equal("reorder_check", trace.Bug.Source);
        TraceFiles.AssertReplaysFromFile(program, trace);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Two_writes_of_different_values_are_not_commuted(DporMode mode)
    {
        // DFS's first schedule runs w0 then w1 (x = 2); the bug needs w1's write before w0's.
        var report = TestingEngine.Run(ConcurrentWriters.Create(0, 1, 1, 2), Unbounded with { Dpor = mode });
        output.WriteLine(report.Summary());

        var trace = Assert.Single(report.Bugs);
        Assert.Equal("last_writer", trace.Bug.Source);
        Assert.True(trace.Iteration > 0, "the first schedule was expected to miss the bug");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_write_that_changes_nothing_on_one_schedule_changes_the_value_on_another(DporMode mode)
    {
        // x starts at 0: w0's write of 0 first changes nothing (a read), then w1 stores 1. Reversed,
        // w1 stores 1 and w0's write puts 0 back: the bug. The read must still race with w1's write.
        var report = TestingEngine.Run(ConcurrentWriters.Create(0, 0, 0, 1), Unbounded with { Dpor = mode });
        output.WriteLine(report.Summary());

        var trace = Assert.Single(report.Bugs);
        Assert.Equal("last_writer", trace.Bug.Source);
        Assert.True(trace.Iteration > 0, "the first schedule was expected to miss the bug");
    }

    [Fact]
    public void Negative_zero_is_another_value_than_zero()
    {
        // -0.0 equals 0.0 by Equals, but it is another state: writing it over 0.0 is a write (and
        // stores it), so the schedule where w1's 0.0 comes first and w0's -0.0 last is run.
        var report = TestingEngine.Run(ConcurrentWriters.Create(0.0, -0.0, -0.0, 0.0), Unbounded);
        output.WriteLine(report.Summary());

        var trace = Assert.Single(report.Bugs);
        Assert.Equal("last_writer", trace.Bug.Source);
        Assert.Contains("x = -0", trace.Bug.Message);
    }

    [Fact]
    public void Writes_of_the_same_value_leave_fewer_classes_than_writes_of_different_values()
    {
        // Three writers of 1 over 0: the first to write decides, and the others' writes commute.
        // Three writers of 1, 2, 3: every order of the writes is its own class.
        var same = TestingEngine.Run(ConcurrentWriters.Create(0, -1, 1, 1, 1), Unbounded);
        var different = TestingEngine.Run(ConcurrentWriters.Create(0, -1, 1, 2, 3), Unbounded);
        output.WriteLine($"same: {same.Summary()}\ndifferent: {different.Summary()}");

        Assert.Equal(StopReason.SpaceExhausted, same.StopReason);
        Assert.Equal(StopReason.SpaceExhausted, different.StopReason);
        Assert.True(
            same.Iterations - same.Search!.SleepBlocked < different.Iterations - different.Search!.SleepBlocked,
            $"{same.Iterations} vs {different.Iterations}");
    }
}
