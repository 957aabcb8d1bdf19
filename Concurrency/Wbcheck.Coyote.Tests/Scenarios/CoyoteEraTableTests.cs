using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Coyote.Traces;
using Wbcheck.Model;
using Xunit.Abstractions;

namespace Wbcheck.Coyote.Tests.Scenarios;

/// <summary>
/// The era table under Coyote's own TestingEngine (<see cref="CoyoteEraTable"/> states the budgets):
/// every expected bug is found and named as our engine names it, Coyote's trace of it replays
/// under Coyote to the same bug, and its schedule, carried into our engine, meets the same bug and
/// replays there. The sample of the cells that hold is <see cref="CoyoteHoldsSampleTests"/>, a class
/// of its own so that xunit runs the two beside each other (a class's tests run one after another,
/// and Coyote's hand-offs between threads leave a core mostly idle).
/// </summary>
public sealed class CoyoteEraTableTests(ITestOutputHelper output)
{
    public static TheoryData<string, KernelEra> BugCells()
    {
        var cells = new TheoryData<string, KernelEra>();
        foreach (var bug in Expectations.Bugs)
        {
            foreach (var era in Enum.GetValues<KernelEra>().Where(e => bug.Covers(bug.Scenario, e)))
            {
                cells.Add(bug.Scenario, era);
            }
        }

        return cells;
    }

    [Theory]
    [MemberData(nameof(BugCells))]
    public void Coyote_finds_the_expected_bug_and_it_replays_under_both_engines(string name, KernelEra era)
    {
        var expected = Expectations.For(name, era)!;
        var scenario = ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era });

        var find = CoyoteEraTable.FindFor(name, era);
        var report = CoyoteEngine.Run(scenario, find);

        output.WriteLine($"{report} in {report.Elapsed.TotalSeconds:F1} s");
        Assert.True(report.Bug is not null, $"Coyote found no bug in {report.Iterations} iterations; expected {expected.Describe()}");
        Assert.True(expected.Matches(report.Bug), $"Coyote found {report.Bug}; expected {expected.Describe()}");

        var replayed = CoyoteEngine.Replay(scenario, find, report.ReproducibleTrace!);
        Assert.True(replayed.Bug is not null && expected.Matches(replayed.Bug), $"Coyote's replay met {replayed.Bug?.ToString() ?? "no bug"}");

        var carried = CoyoteCarry.ToBugTrace(scenario, report);
        Assert.True(expected.Matches(carried.Bug), $"our engine met {carried.Bug} on Coyote's schedule");
        var ours = TestingEngine.Replay(scenario, carried);
        Assert.True(ours.Reproduced, ours.Divergence);
    }
}
