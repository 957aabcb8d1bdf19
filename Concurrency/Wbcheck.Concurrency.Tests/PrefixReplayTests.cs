using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Tests.Programs;
using Wbcheck.Model;
using Wbcheck.Model.Runtime;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// DFS with reduction runs each schedule's prefix, shared with the last schedule, from a checkpoint
/// (<see cref="PrefixReplay.Checkpoint"/>: no footprints, clocks or sleep sets recomputed there).
/// It must explore exactly what the plain engine (<see cref="PrefixReplay.Rerun"/>) explores: the
/// same schedules, steps, sleep-set stops, prunes, states and outcomes, stateless and stateful, at
/// every bound, with choices inside steps, on random programs and on the kernel's scenarios. A
/// checkpoint that forgets the prefix's steps in the race detector loses outcomes, and is caught.
/// </summary>
public sealed class PrefixReplayTests(ITestOutputHelper output)
{
    private static readonly TestingConfiguration Exhaust = TestingConfiguration.Default with
    {
        Strategy = "dfs",
        Iterations = 3_000,
        StopAtFirstBug = false,
    };

    private static readonly int[] Bounds = [0, 1, 2, 100];

    private static readonly DporMode[] Modes = [DporMode.Off, DporMode.Source, DporMode.FlanaganGodefroid, DporMode.Optimal];

    [Fact]
    public void Random_programs_explore_the_same_schedules_and_outcomes_from_a_checkpoint()
    {
        // 2-4 threads of 1-4 operations: reads, writes, locked increments and choices within a step.
        var (differences, lost, searches) = Compare(PrefixReplay.Checkpoint, seed: 31, programs: 8, Modes);

        output.WriteLine($"{searches} searches compared; {differences.Count} differ");
        Assert.True(differences.Count == 0, string.Join("\n", differences.Take(20)));
        Assert.Equal(0, lost);
    }

    [Fact]
    public void A_checkpoint_that_forgets_the_prefix_in_the_race_detector_loses_outcomes()
    {
        var (differences, lost, searches) = Compare(PrefixReplay.CheckpointForgetsPrefix, seed: 31, programs: 4, [DporMode.Source]);

        output.WriteLine($"{searches} searches compared; {differences.Count} differ, {lost} lost outcomes");
        Assert.NotEmpty(differences);
        Assert.True(lost > 0, "the broken checkpoint lost no outcome");
    }

    [Fact]
    public void Every_scenario_explores_the_same_schedules_and_finds_the_same_bugs_from_a_checkpoint()
    {
        // Each scenario's small form in its first and last era (holding or failing), at the matrix's
        // bound, stateful, up to 300 schedules: the counts, and the first bug's schedule and trace.
        var compared = 0;
        var bugs = 0;
        foreach (var name in ScenarioCatalog.Names)
        {
            foreach (var era in new[] { Enum.GetValues<KernelEra>()[0], Enum.GetValues<KernelEra>()[^1] })
            {
                if (!ScenarioCatalog.AppliesTo(name, era))
                {
                    continue;
                }

                var options = ScenarioOptions.Default with { Era = era, Small = true, Pages = 2 };
                var configuration = RaceScenario.DefaultConfiguration with
                {
                    Strategy = "dfs",
                    PreemptionBound = 2,
                    Stateful = true,
                    Iterations = 300,
                };
                var plain = TestingEngine.Run(ScenarioCatalog.Create(name, options), configuration with { PrefixReplay = PrefixReplay.Rerun });
                var checkpoint = TestingEngine.Run(ScenarioCatalog.Create(name, options), configuration);
                var where = $"{name} {era.Info().Version}";
                Assert.True(Counts(plain) == Counts(checkpoint), $"{where}: {Counts(plain)} rerun, {Counts(checkpoint)} from a checkpoint");
                Assert.Equal(plain.Bugs.Count, checkpoint.Bugs.Count);
                if (plain.Bugs.Count > 0)
                {
                    Assert.Equal(plain.Bugs[0].Iteration, checkpoint.Bugs[0].Iteration);
                    Assert.Equal(plain.Bugs[0].Bug.Message, checkpoint.Bugs[0].Bug.Message);
                    Assert.Equal(plain.Bugs[0].Steps, checkpoint.Bugs[0].Steps);
                    bugs++;
                }

                compared++;
            }
        }

        output.WriteLine($"{compared} cells compared, {bugs} with a bug");
        Assert.True(compared >= 40, $"only {compared} cells compared");
        Assert.True(bugs >= 8, $"only {bugs} cells found a bug");
    }

    [Fact]
    public void A_prefix_that_meets_other_threads_than_last_time_is_reported_as_nondeterminism()
    {
        // T0 yields three times in the first run and once after: the second schedule's prefix
        // (steps 0-2, up to the branch at step 3) finds T0 finished at step 2 where it could run.
        // (The plain engine, PrefixReplay.Rerun, checks only the branches and lets this pass.)
        var runs = 0;
        var program = new TestProgram("shrinking", setup =>
        {
            var yields = ++runs == 1 ? 3 : 1;
            setup.Runtime.Spawn("t0", async () =>
            {
                for (var i = 0; i < yields; i++)
                {
                    await setup.Runtime.Schedule(PointKind.Yield, new StepLabel("t0"));
                }
            });
            setup.Runtime.Spawn("t1", async () =>
            {
                for (var i = 0; i < 3; i++)
                {
                    await setup.Runtime.Schedule(PointKind.Yield, new StepLabel("t1"));
                }
            });
        });

        var error = Assert.Throws<NondeterminismException>(() => TestingEngine.Run(program, Exhaust with { PreemptionBound = 2 }));

        Assert.StartsWith("the program is not deterministic: DFS replayed the same decisions, but at step 2 it found threads T1 where", error.Message);
    }

    private static string Counts(TestReport report) =>
        $"{report.Iterations} schedules, {report.Steps} steps, {report.Search!.SleepBlocked} sleep-blocked, " +
        $"{report.Search.StatesPruned} pruned, {report.Search.StatesStored} stored, {report.StopReason}";

    private static (List<string> Differences, int Lost, int Searches) Compare(PrefixReplay replay, int seed, int programs, DporMode[] modes)
    {
        var random = new Random(seed);
        var differences = new List<string>();
        var lost = 0;
        var searches = 0;
        for (var program = 0; program < programs; program++)
        {
            var threads = new string[random.Next(2, 5)];
            for (var t = 0; t < threads.Length; t++)
            {
                threads[t] = new string([.. Enumerable.Range(0, random.Next(1, 5)).Select(_ => "xyXYlmc"[random.Next(7)])]);
            }

            foreach (var bound in Bounds)
            {
                foreach (var mode in modes)
                {
                    foreach (var stateful in new[] { false, true })
                    {
                        var configuration = Exhaust with { PreemptionBound = bound, Dpor = mode, Stateful = stateful };
                        var plain = new RandomAccesses(threads);
                        var plainReport = TestingEngine.Run(plain, configuration with { PrefixReplay = PrefixReplay.Rerun });
                        var tried = new RandomAccesses(threads);
                        var report = TestingEngine.Run(tried, configuration with { PrefixReplay = replay });
                        searches++;
                        var where = $"{string.Join(",", threads)} at bound {bound}, {mode}{(stateful ? ", stateful" : "")}";
                        if (Counts(plainReport) != Counts(report) || !plain.Outcomes.SetEquals(tried.Outcomes))
                        {
                            differences.Add($"{where}: {Counts(plainReport)}, {plain.Outcomes.Count} outcomes rerun; {Counts(report)}, {tried.Outcomes.Count} from a checkpoint");
                        }

                        lost += plainReport.StopReason == StopReason.SpaceExhausted && !plain.Outcomes.IsSubsetOf(tried.Outcomes) ? 1 : 0;
                    }
                }
            }
        }

        return (differences, lost, searches);
    }
}
