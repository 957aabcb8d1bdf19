using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Tests.Programs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests;

public sealed class DfsTests
{
    private static readonly TestingConfiguration Dfs = TestingConfiguration.Default with
    {
        Strategy = "dfs",
        Iterations = 100_000,
        StopAtFirstBug = false,
    };

    [Fact]
    public void Two_threads_of_three_steps_have_twenty_schedules()
    {
        // Interleavings of two sequences of 3 steps: C(6, 3) = 20, with at most 4 preemptions.
        var report = TestingEngine.Run(new StepThreads(threads: 2, steps: 3), Dfs with { PreemptionBound = 4 });

        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
        Assert.Equal(20, report.Iterations);
        Assert.Equal(20 * 6, report.Steps);
        Assert.Equal("step-threads: dfs (preemption bound 4), seed 0: 20 iterations, 120 steps; explored every schedule (20); no bug found", report.Summary());
    }

    [Fact]
    public void Three_threads_of_two_steps_have_ninety_schedules()
    {
        // 6! / (2! 2! 2!) = 90; the bound iterated to where it refuses no preemption finds them all.
        var report = TestingEngine.Run(new StepThreads(threads: 3, steps: 2), Dfs);

        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
        Assert.Equal(90, report.Iterated?.SchedulesAtBound);
        Assert.False(report.Iterated?.PreemptionsLeft);
    }

    /// <summary>
    /// Two threads A and B of three steps: a schedule is a word of 3 A and 3 B, made of blocks. A
    /// switch is a preemption unless the thread left has finished; with two threads that is only
    /// the last switch, so a schedule of b blocks has b - 2 preemptions. Counting words by blocks:
    /// 2 blocks: 2 words; 3: 4; 4: 8; 5: 4; 6: 2. So at most 0, 1, 2, 3, 4 preemptions allow
    /// 2, 6, 14, 18, 20 schedules. The test also derives them by brute force, independently of the engine.
    /// </summary>
    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 6)]
    [InlineData(2, 14)]
    [InlineData(3, 18)]
    [InlineData(4, 20)]
    public void A_preemption_bound_leaves_the_schedules_with_that_many_preemptions(int bound, int expected)
    {
        Assert.Equal(expected, CountWords(3, 3, bound));

        var report = TestingEngine.Run(new StepThreads(threads: 2, steps: 3), Dfs with { PreemptionBound = bound });

        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
        Assert.Equal(expected, report.Iterations);
    }

    [Fact]
    public void Choices_are_explored_too()
    {
        // One thread, a choice of 3 then a choice of 2: 6 schedules, the bug (2, 1) in the last.
        var report = TestingEngine.Run(new ChoiceBug(), Dfs);

        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
        Assert.Equal(6, report.Iterations);
        var bug = Assert.Single(report.Bugs);
        Assert.Equal(5, bug.Iteration);
        Assert.Equal([2, 1], bug.Steps.Where(s => s.IsChoice).Select(s => s.Value));
    }

    [Fact]
    public void A_correct_program_is_explored_completely_without_a_bug()
    {
        var report = TestingEngine.Run(new LockedCounter(threads: 2), Dfs);

        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
        Assert.Empty(report.Bugs);
        Assert.Equal(0, report.CutAtUnfairBound);
    }

    [Fact]
    public void A_space_cut_at_the_unfair_bound_says_so()
    {
        // The writer never stops: every schedule runs into the unfair bound and continues at random.
        var report = TestingEngine.Run(
            new AppendLivelock(snapshotEnd: true),
            Dfs with { MaxUnfairSteps = 4, MaxSteps = 300, LivenessBound = 250 });

        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
        Assert.Equal(report.Iterations, report.CutAtUnfairBound);
        Assert.Empty(report.Bugs);
        Assert.Contains("explored every schedule of the first 4 steps", report.Summary());
    }

    [Theory]
    [InlineData(2, 1, 1)]
    [InlineData(1, 1, 2)]
    public void Dfs_cannot_be_split(int workers, int shard, int shards)
    {
        var error = Assert.Throws<ArgumentException>(() => TestingEngine.Run(
            new StepThreads(2, 3), Dfs with { Workers = workers, Shard = new Shard(shard, shards) }));

        Assert.Contains("the dfs strategy explores one tree depth-first and cannot be split", error.Message);
    }

    [Fact]
    public void A_nondeterministic_program_is_refused()
    {
        // Keeps a count across iterations: the second run spawns a different thread set.
        var runs = 0;
        var program = new TestProgram("leaky", setup =>
        {
            var spawn = ++runs == 1 ? 2 : 3;
            for (var i = 0; i < spawn; i++)
            {
                setup.Runtime.Spawn($"t{i}", async () => await setup.Runtime.Schedule(PointKind.Yield, new StepLabel("x")));
            }
        });

        var error = Assert.Throws<NondeterminismException>(() => TestingEngine.Run(program, Dfs));

        Assert.StartsWith("the program is not deterministic: DFS replayed the same decisions, but at step 0 it found threads", error.Message);
    }

    [Fact]
    public void Dfs_finds_the_deadlock_at_the_first_schedule_with_a_preemption_between_the_locks()
    {
        var report = TestingEngine.Run(new LockOrderInversion(0), Dfs with { StopAtFirstBug = true });

        var trace = Assert.Single(report.Bugs);
        Assert.Equal(BugKind.Deadlock, trace.Bug.Kind);
        Assert.Equal(1, trace.Preemptions);
        TraceFiles.AssertReplaysFromFile(new LockOrderInversion(0), trace);
    }

    /// <summary>Words of <paramref name="a"/> A and <paramref name="b"/> B with at most <paramref name="bound"/> preemptions.</summary>
    private static int CountWords(int a, int b, int bound)
    {
        int Count(int leftA, int leftB, char previous, int preemptions)
        {
            if (preemptions > bound)
            {
                return 0;
            }

            if (leftA == 0 && leftB == 0)
            {
                return 1;
            }

            var total = 0;
            foreach (var next in "AB")
            {
                var left = next == 'A' ? leftA : leftB;
                if (left == 0)
                {
                    continue;
                }

                var previousLeft = previous == 'A' ? leftA : previous == 'B' ? leftB : 0;
                var preempts = previous != next && previousLeft > 0;
                total += next == 'A'
                    ? Count(leftA - 1, leftB, next, preemptions + (preempts ? 1 : 0))
                    : Count(leftA, leftB - 1, next, preemptions + (preempts ? 1 : 0));
            }

            return total;
        }

        return Count(a, b, ' ', 0);
    }
}
