using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Tests.Programs;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// A step that makes a choice has the footprint of the value it chose (<see cref="ChoiceFootprint.PerValue"/>),
/// and a thread asleep for it the union over its values: random programs whose choosing steps read
/// or write x or y by the value chosen ('k', 'K'), at bounds 0, 1, 2 and none, stateless and
/// stateful, with sleep sets alone and both DPOR variants, reach exactly the outcomes DFS without
/// reduction reaches, in fewer schedules than with choosing steps global; a sleeping thread that
/// keeps only its first value's footprint loses outcomes.
/// </summary>
public sealed class ChoiceFootprintTests(ITestOutputHelper output)
{
    private static readonly TestingConfiguration Exhaust = TestingConfiguration.Default with
    {
        Strategy = "dfs",
        Iterations = 1_000_000,
        StopAtFirstBug = false,
    };

    private static readonly DporMode[] Modes = [DporMode.Off, DporMode.Source, DporMode.FlanaganGodefroid, DporMode.Optimal];

    private static readonly int?[] Bounds = [0, 1, 2, null];

    // Schedules DFS without reduction may take for one program and bound; a larger tree is left out.
    private const int PlainCap = 3_000;

    [Fact]
    public void Per_value_footprints_reach_every_outcome_with_fewer_schedules_than_global_choices()
    {
        // A campaign runs more: WBCHECK_CHOICE_SEED, WBCHECK_CHOICE_PROGRAMS.
        var seed = Setting("WBCHECK_CHOICE_SEED", 41);
        var programs = Setting("WBCHECK_CHOICE_PROGRAMS", 24);
        foreach (var stateful in new[] { false, true })
        {
            var perValue = Compare(ChoiceFootprint.PerValue, seed, programs, stateful);
            var global = Compare(ChoiceFootprint.Global, seed, programs, stateful);

            Assert.True(perValue.Failures.Count == 0, $"{perValue.Failures.Count} searches lost outcomes:\n{string.Join("\n", perValue.Failures.Take(20))}");
            Assert.Empty(global.Failures);
            Assert.True(perValue.Schedules < global.Schedules, $"{perValue.Schedules} vs {global.Schedules}");
        }
    }

    public static TheoryData<string[], int?, bool> FirstValueOnlyLoses => new()
    {
        // Found by a campaign with ChoiceFootprint.FirstValueOnly (seed 41, 40 programs: 45 of 480
        // searches lost outcomes, stateless and stateful alike); each loses with every mode.
        { ["Ky", "k"], 2, false },
        { ["Ky", "k"], 2, true },
        { ["Ky", "y"], 2, false },
    };

    [Theory]
    [MemberData(nameof(FirstValueOnlyLoses))]
    public void A_sleeping_thread_with_its_first_value_only_loses_outcomes_the_union_keeps(string[] threads, int? bound, bool stateful)
    {
        var plain = new RandomAccesses(threads);
        TestingEngine.Run(plain, Exhaust with { PreemptionBound = bound, Reduction = false });
        foreach (var mode in Modes)
        {
            foreach (var (rule, loses) in new[] { (ChoiceFootprint.FirstValueOnly, true), (ChoiceFootprint.PerValue, false), (ChoiceFootprint.Global, false) })
            {
                var reduced = new RandomAccesses(threads);
                var report = TestingEngine.Run(reduced, Exhaust with { PreemptionBound = bound, Dpor = mode, Stateful = stateful, ChoiceFootprints = rule });
                output.WriteLine($"{mode} {rule}: {report.Iterations} schedules, {reduced.Outcomes.Count} of {plain.Outcomes.Count} outcomes");

                Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
                Assert.Equal(loses, !plain.Outcomes.IsSubsetOf(reduced.Outcomes));
            }
        }
    }

    private (List<string> Failures, long Schedules) Compare(ChoiceFootprint rule, int seed, int programs, bool stateful)
    {
        var random = new Random(seed);
        var failures = new List<string>();
        var schedules = 0L;
        var skipped = 0;
        for (var program = 0; program < programs; program++)
        {
            var threads = new string[random.Next(2, 4)];
            for (var t = 0; t < threads.Length; t++)
            {
                threads[t] = new string([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => "xyXYlmkKk"[random.Next(9)])]);
            }

            foreach (var bound in Bounds)
            {
                var plain = new RandomAccesses(threads);
                var all = TestingEngine.Run(plain, Exhaust with { PreemptionBound = bound, Reduction = false, Iterations = PlainCap });
                if (all.StopReason != StopReason.SpaceExhausted)
                {
                    skipped++;
                    continue;
                }

                foreach (var mode in Modes)
                {
                    var reduced = new RandomAccesses(threads);
                    var report = TestingEngine.Run(reduced, Exhaust with { PreemptionBound = bound, Dpor = mode, Stateful = stateful, ChoiceFootprints = rule });
                    Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
                    if (!plain.Outcomes.SetEquals(reduced.Outcomes))
                    {
                        failures.Add($"{string.Join(",", threads)} at bound {bound?.ToString() ?? "none"}, {mode}, stateful {stateful}: missed {string.Join("; ", plain.Outcomes.Except(reduced.Outcomes))}");
                    }

                    schedules += report.Iterations;
                }
            }
        }

        output.WriteLine($"{rule}, stateful {stateful}: {programs} programs x {Bounds.Length} bounds x {Modes.Length} modes; {schedules} schedules reduced; {failures.Count} lost; {skipped} trees over {PlainCap} left out");
        foreach (var failure in failures.Take(10))
        {
            output.WriteLine(failure);
        }

        return (failures, schedules);
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;
}
