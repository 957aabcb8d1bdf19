using Wbcheck.Concurrency.Programs.Classic;

namespace Wbcheck.Concurrency.Tests;

/// <summary>Results depend on the seed and nothing else: not on the run, the worker count or the sharding.</summary>
public sealed class DeterminismTests
{
    [Theory]
    [InlineData("random")]
    [InlineData("pct")]
    [InlineData("dfs")]
    public void The_same_seed_gives_the_same_trace(string strategy)
    {
        // DFS backtracks from the deepest branch, so it would shuffle the noise threads first.
        var program = new LostUpdate(noise: strategy == "dfs" ? 0 : 2);
        var configuration = TestingConfiguration.Default with { Strategy = strategy, Seed = 42, Iterations = 500 };

        var first = TestingEngine.Run(program, configuration);
        var second = TestingEngine.Run(program, configuration);

        Assert.True(first.FoundBug);
        Assert.Equal(first.Bugs[0].ToJson(), second.Bugs[0].ToJson());
    }

    [Fact]
    public void Different_seeds_give_different_schedules()
    {
        var configuration = TestingConfiguration.Default with { StopAtFirstBug = false, Iterations = 50 };

        var one = TestingEngine.Run(new LostUpdate(noise: 2), configuration with { Seed = 1 });
        var two = TestingEngine.Run(new LostUpdate(noise: 2), configuration with { Seed = 2 });

        Assert.NotEqual(Fingerprints(one), Fingerprints(two));
    }

    [Theory]
    [InlineData("random")]
    [InlineData("pct")]
    public void Workers_and_shards_find_the_same_bugs_as_one_sequential_run(string strategy)
    {
        // Collect every bug of 300 iterations; PCT also checks that its learning iterations are
        // replayed by every worker and shard.
        var program = new LostUpdate(noise: 1);
        var configuration = TestingConfiguration.Default with
        {
            Strategy = strategy,
            Seed = 9,
            Iterations = 300,
            StopAtFirstBug = false,
        };

        var sequential = TestingEngine.Run(program, configuration);
        var parallel = TestingEngine.Run(program, configuration with { Workers = 3 });
        var shards = Enumerable.Range(1, 3)
            .Select(i => TestingEngine.Run(program, configuration with { Shard = new Shard(i, 3), Workers = i }))
            .ToList();
        var shardUnion = shards.SelectMany(s => Fingerprints(s)).OrderBy(f => f).ToList();

        Assert.InRange(sequential.Bugs.Count, 30, 270);
        Assert.Equal(Fingerprints(sequential), Fingerprints(parallel));
        Assert.Equal(Fingerprints(sequential), shardUnion);
        Assert.Equal(sequential.Iterations, parallel.Iterations);
        Assert.Equal(sequential.Steps, parallel.Steps);
        Assert.Equal(sequential.Iterations, shards.Sum(s => s.Iterations));
        Assert.All(shards, s => Assert.All(s.Bugs, b => Assert.True(s.Configuration.Shard.Owns(b.Iteration))));
    }

    [Fact]
    public void Parallel_workers_stop_at_the_same_first_bug()
    {
        var program = new LockOrderInversion(padding: 50);
        var configuration = TestingConfiguration.Default with { Strategy = "pct", Seed = 5, Iterations = 3000 };

        var sequential = TestingEngine.Run(program, configuration);
        var parallel = TestingEngine.Run(program, configuration with { Workers = 4 });

        Assert.Equal(sequential.Bugs.Single().ToJson(), parallel.Bugs.Single().ToJson());
        Assert.Equal(sequential.Iterations, parallel.Iterations);
        Assert.Equal(sequential.Steps, parallel.Steps);
    }

    [Fact]
    public void A_time_budget_stops_the_run()
    {
        var report = TestingEngine.Run(
            new LockedCounter(threads: 2),
            TestingConfiguration.Default with { Iterations = int.MaxValue, TimeBudget = TimeSpan.FromMilliseconds(50) });

        Assert.Equal(StopReason.TimeBudget, report.StopReason);
        Assert.InRange(report.Iterations, 1, int.MaxValue - 1);
    }

    private static List<string> Fingerprints(TestReport report) =>
        [.. report.Bugs.Select(b => $"{b.Iteration}: {b.ToJson()}").OrderBy(f => f)];
}
