using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Tests.Programs;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// Optimal DPOR (source sets with wakeup trees, <see cref="DporMode.Optimal"/>): random programs
/// of reads, writes, locked increments and choices reach exactly the outcomes DFS without
/// reduction reaches, without a bound and under one, stateless and stateful; without a bound and
/// stateless it runs fewer schedules than source sets, nearly none of them stopped asleep; and an
/// insertion that takes a thread absent from a reversal as commuting with it whatever its step
/// touches (<see cref="WakeupInsertion.WeakInitialsIgnoreFootprints"/>) loses outcomes. (The hand-counted programs, one
/// schedule per class, are in <see cref="DporTests"/>.)
/// </summary>
public sealed class WakeupTreeTests(ITestOutputHelper output)
{
    private const int PlainCap = 3_000;

    private static readonly TestingConfiguration Exhaust = TestingConfiguration.Default with
    {
        Strategy = "dfs",
        Iterations = 1_000_000,
        StopAtFirstBug = false,
    };

    // No bound (one that never binds), then the matrix's.
    private static readonly int[] Bounds = [100, 0, 1, 2];

    [Fact]
    public void Optimal_dpor_reaches_every_outcome_plain_dfs_reaches()
    {
        // A campaign runs more: WBCHECK_WUT_SEED, WBCHECK_WUT_PROGRAMS.
        var (failures, searches, optimalRuns, sourceRuns, blocked, sourceBlocked) = Campaign(
            WakeupInsertion.Exact, Setting("WBCHECK_WUT_SEED", 11), Setting("WBCHECK_WUT_PROGRAMS", 40));
        output.WriteLine($"{searches} searches; unbounded stateless: {optimalRuns} schedules with wakeup trees ({blocked} stopped asleep), {sourceRuns} with source sets ({sourceBlocked})");

        Assert.True(failures.Count == 0, $"{failures.Count} searches lost outcomes:\n{string.Join("\n", failures)}");
        Assert.True(searches >= 200, $"only {searches} searches");
        Assert.True(optimalRuns < sourceRuns, $"{optimalRuns} vs {sourceRuns}");
        Assert.True(blocked < sourceBlocked, $"{blocked} vs {sourceBlocked} stopped asleep");
    }

    public static TheoryData<string[]> LostToAWrongInsertion => new()
    {
        // Found by the campaign (WBCHECK_WUT_SEED=11) with the wrong insertion, without a bound:
        // y's writer, a reader of y twice that then chooses, a writer of x twice then y.
        { ["Y", "yyc", "XXY"] },
    };

    [Theory]
    [MemberData(nameof(LostToAWrongInsertion))]
    public void An_insertion_that_ignores_footprints_loses_outcomes(string[] threads)
    {
        var plain = new RandomAccesses(threads);
        TestingEngine.Run(plain, Exhaust with { PreemptionBound = 100, Reduction = false });
        var wrong = new RandomAccesses(threads);
        TestingEngine.Run(wrong, Exhaust with { PreemptionBound = 100, Dpor = DporMode.Optimal, WakeupInsertion = WakeupInsertion.WeakInitialsIgnoreFootprints });
        var right = new RandomAccesses(threads);
        TestingEngine.Run(right, Exhaust with { PreemptionBound = 100, Dpor = DporMode.Optimal });
        output.WriteLine($"{string.Join(",", threads)}: {plain.Outcomes.Count} outcomes; the wrong insertion reaches {wrong.Outcomes.Count}");

        Assert.NotEmpty(plain.Outcomes.Except(wrong.Outcomes));
        Assert.True(plain.Outcomes.SetEquals(right.Outcomes));
    }

    [Fact]
    public void The_wrong_insertion_loses_outcomes_in_the_campaign()
    {
        var (failures, _, _, _, _, _) = Campaign(WakeupInsertion.WeakInitialsIgnoreFootprints, Setting("WBCHECK_WUT_SEED", 11), Setting("WBCHECK_WUT_PROGRAMS", 40));
        output.WriteLine(string.Join("\n", failures));

        Assert.Contains(failures, failure => failure.StartsWith("\"Y\", \"yyc\", \"XXY\" at bound 100:", StringComparison.Ordinal));
    }

    private (List<string> Failures, int Searches, long OptimalRuns, long SourceRuns, long Blocked, long SourceBlocked) Campaign(WakeupInsertion insertion, int seed, int programs)
    {
        var random = new Random(seed);
        var failures = new List<string>();
        var searches = 0;
        long optimalRuns = 0, sourceRuns = 0, blocked = 0, sourceBlocked = 0;
        for (var program = 0; program < programs; program++)
        {
            var threads = new string[random.Next(2, 5)];
            for (var t = 0; t < threads.Length; t++)
            {
                threads[t] = new string([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => "xyXYlmck"[random.Next(8)])]);
            }

            foreach (var bound in Bounds)
            {
                var plain = new RandomAccesses(threads);
                var all = TestingEngine.Run(plain, Exhaust with { PreemptionBound = bound, Reduction = false, Iterations = PlainCap });
                if (all.StopReason != StopReason.SpaceExhausted)
                {
                    continue;
                }

                foreach (var stateful in new[] { false, true })
                {
                    var optimal = new RandomAccesses(threads);
                    var report = TestingEngine.Run(optimal, Exhaust with { PreemptionBound = bound, Stateful = stateful, Dpor = DporMode.Optimal, WakeupInsertion = insertion });
                    Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
                    searches++;
                    if (!plain.Outcomes.SetEquals(optimal.Outcomes))
                    {
                        failures.Add($"\"{string.Join("\", \"", threads)}\" at bound {bound}{(stateful ? ", stateful" : "")}: missed {string.Join("; ", plain.Outcomes.Except(optimal.Outcomes))}");
                    }

                    if (bound == 100 && !stateful)
                    {
                        var source = TestingEngine.Run(new RandomAccesses(threads), Exhaust with { PreemptionBound = bound, Dpor = DporMode.Source });
                        optimalRuns += report.Iterations;
                        sourceRuns += source.Iterations;
                        blocked += report.Search!.SleepBlocked;
                        sourceBlocked += source.Search!.SleepBlocked;
                        if (report.Search.SleepBlocked > 0)
                        {
                            output.WriteLine($"\"{string.Join("\", \"", threads)}\": {report.Search.SleepBlocked} of {report.Iterations} stopped asleep; source sets {source.Iterations} ({source.Search!.SleepBlocked})");
                        }
                    }
                }
            }
        }

        return (failures, searches, optimalRuns, sourceRuns, blocked, sourceBlocked);
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;
}
