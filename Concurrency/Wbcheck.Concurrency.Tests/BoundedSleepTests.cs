using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Tests.Programs;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// Sleep sets under a preemption bound (<see cref="SleepUnderBound"/>) and the finer coverage of
/// cut visits in stateful DFS (<see cref="CutVisitRule"/>): at every bound, stateless and
/// stateful, with sleep sets alone and both DPOR variants, the reduced search reaches every
/// outcome DFS without reduction reaches, with fewer schedules than the rules before; putting
/// every option the bound cut to sleep, or ignoring who ran last at a cut visit, loses outcomes.
/// </summary>
public sealed class BoundedSleepTests(ITestOutputHelper output)
{
    private static readonly TestingConfiguration Exhaust = TestingConfiguration.Default with
    {
        Strategy = "dfs",
        Iterations = 1_000_000,
        StopAtFirstBug = false,
    };

    private static readonly DporMode[] Modes = [DporMode.Off, DporMode.Source, DporMode.FlanaganGodefroid, DporMode.Optimal];

    // Schedules DFS without reduction may take for one program and bound; a larger tree is left out.
    private const int PlainCap = 3_000;

    private sealed record Variant(string Name, TestingConfiguration Configuration);

    private static readonly Variant Before = new("before", Exhaust with { SleepUnderBound = SleepUnderBound.Uncut, CutVisits = CutVisitRule.Strict });

    [Fact]
    public void Free_reorderings_and_finer_cut_visits_reach_every_outcome_with_fewer_schedules()
    {
        // A campaign runs more: WBCHECK_BSLEEP_SEED, WBCHECK_BSLEEP_PROGRAMS.
        var seed = Setting("WBCHECK_BSLEEP_SEED", 31);
        var programs = Setting("WBCHECK_BSLEEP_PROGRAMS", 30);
        var now = Compare(new Variant("now", Exhaust), seed, programs, stateful: false);
        var before = Compare(Before, seed, programs, stateful: false);
        var nowStateful = Compare(new Variant("now", Exhaust), seed, programs, stateful: true);
        var beforeStateful = Compare(Before, seed, programs, stateful: true);

        Assert.True(now.Failures.Count == 0, $"{now.Failures.Count} searches lost outcomes:\n{string.Join("\n", now.Failures.Take(20))}");
        Assert.True(nowStateful.Failures.Count == 0, $"{nowStateful.Failures.Count} searches lost outcomes:\n{string.Join("\n", nowStateful.Failures.Take(20))}");
        Assert.Empty(before.Failures);
        Assert.Empty(beforeStateful.Failures);
        Assert.True(now.Schedules < before.Schedules, $"{now.Schedules} vs {before.Schedules}");
        Assert.True(nowStateful.Schedules < beforeStateful.Schedules, $"{nowStateful.Schedules} vs {beforeStateful.Schedules}");
    }

    public static TheoryData<string[], int, bool> EveryOptionLoses => new()
    {
        // Found by a campaign with SleepUnderBound.EveryOption (seed 31): each loses outcomes at
        // that bound, stateless, with sleep sets alone and with both DPOR variants.
        { ["mX", "m", "XYm"], 0, false },
        { ["mX", "m", "XYm"], 1, false },
        { ["XyyY", "mllx", "mYl", "my"], 0, false },
    };

    [Theory]
    [MemberData(nameof(EveryOptionLoses))]
    public void Every_option_the_bound_cut_put_to_sleep_loses_outcomes_the_free_reorderings_keep(string[] threads, int bound, bool stateful)
    {
        var plain = new RandomAccesses(threads);
        TestingEngine.Run(plain, Exhaust with { PreemptionBound = bound, Reduction = false });
        foreach (var mode in Modes)
        {
            foreach (var (rule, loses) in new[] { (SleepUnderBound.EveryOption, true), (SleepUnderBound.FreeReorderings, false), (SleepUnderBound.Uncut, false) })
            {
                var reduced = new RandomAccesses(threads);
                var report = TestingEngine.Run(reduced, Exhaust with { PreemptionBound = bound, Dpor = mode, Stateful = stateful, SleepUnderBound = rule });
                output.WriteLine($"{mode} {rule}: {report.Iterations} schedules, {reduced.Outcomes.Count} of {plain.Outcomes.Count} outcomes");

                Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
                Assert.Equal(loses, !plain.Outcomes.IsSubsetOf(reduced.Outcomes));
            }
        }
    }

    public static TheoryData<string[], int, DporMode> IgnoringLastThreadLoses => new()
    {
        // Found by a campaign with CutVisitRule.IgnoresLastThread (seed 31), stateful, at bound 2.
        { ["yx", "mXx", "xxl"], 2, DporMode.Off },
        { ["yx", "mXx", "xxl"], 2, DporMode.Source },
        { ["yx", "mXx", "xxl"], 2, DporMode.FlanaganGodefroid },
        { ["lx", "mlxY", "yxYl"], 2, DporMode.Source },
    };

    [Theory]
    [MemberData(nameof(IgnoringLastThreadLoses))]
    public void A_cut_visit_that_ignores_who_ran_last_loses_outcomes_the_finer_rule_keeps(string[] threads, int bound, DporMode mode)
    {
        var plain = new RandomAccesses(threads);
        TestingEngine.Run(plain, Exhaust with { PreemptionBound = bound, Reduction = false });
        foreach (var (rule, loses) in new[] { (CutVisitRule.IgnoresLastThread, true), (CutVisitRule.Finer, false), (CutVisitRule.Strict, false) })
        {
            var reduced = new RandomAccesses(threads);
            var report = TestingEngine.Run(reduced, Exhaust with { PreemptionBound = bound, Dpor = mode, Stateful = true, CutVisits = rule });
            output.WriteLine($"{rule}: {report.Iterations} schedules, {report.Search!.StatesPruned} pruned, {reduced.Outcomes.Count} of {plain.Outcomes.Count} outcomes");

            Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
            Assert.True(report.Search.StatesPruned > 0);
            Assert.Equal(loses, !plain.Outcomes.IsSubsetOf(reduced.Outcomes));
        }
    }

    private (List<string> Failures, long Schedules) Compare(Variant variant, int seed, int programs, bool stateful)
    {
        var random = new Random(seed);
        var failures = new List<string>();
        var schedules = 0L;
        var plainRuns = 0L;
        var skipped = 0;
        for (var program = 0; program < programs; program++)
        {
            var threads = new string[random.Next(2, 5)];
            for (var t = 0; t < threads.Length; t++)
            {
                threads[t] = new string([.. Enumerable.Range(0, random.Next(1, 5)).Select(_ => "xyXYlm"[random.Next(6)])]);
            }

            for (var bound = 0; bound <= 2; bound++)
            {
                var plain = new RandomAccesses(threads);
                var all = TestingEngine.Run(plain, Exhaust with { PreemptionBound = bound, Reduction = false, Iterations = PlainCap });
                if (all.StopReason != StopReason.SpaceExhausted)
                {
                    skipped++;
                    continue;
                }

                plainRuns += all.Iterations;
                foreach (var mode in Modes)
                {
                    var reduced = new RandomAccesses(threads);
                    var report = TestingEngine.Run(reduced, variant.Configuration with { PreemptionBound = bound, Dpor = mode, Stateful = stateful });
                    Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
                    if (!plain.Outcomes.SetEquals(reduced.Outcomes))
                    {
                        failures.Add($"{string.Join(",", threads)} at bound {bound}, {mode}, stateful {stateful}: missed {string.Join("; ", plain.Outcomes.Except(reduced.Outcomes))}");
                    }

                    schedules += report.Iterations;
                }
            }
        }

        output.WriteLine($"{variant.Name}, stateful {stateful}: {programs} programs x 3 bounds x 3 modes; {plainRuns} schedules without reduction, {schedules} reduced; {failures.Count} lost; {skipped} trees over {PlainCap} left out");
        return (failures, schedules);
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;
}
