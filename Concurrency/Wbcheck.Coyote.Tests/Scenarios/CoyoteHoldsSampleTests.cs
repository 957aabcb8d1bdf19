using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Xunit.Abstractions;

namespace Wbcheck.Coyote.Tests.Scenarios;

/// <summary>
/// A sample of the era table's cells that hold (<see cref="CoyoteEraTable.HoldsSample"/>) yields
/// nothing under Coyote's own TestingEngine, in <see cref="CoyoteEraTable.HoldsFor"/>'s iterations.
/// Apart from <see cref="CoyoteEraTableTests"/> (the bug cells) so that the two run beside each other.
/// </summary>
public sealed class CoyoteHoldsSampleTests(ITestOutputHelper output)
{
    public static TheoryData<string, KernelEra> HoldsSample()
    {
        var cells = new TheoryData<string, KernelEra>();
        foreach (var (name, era) in CoyoteEraTable.HoldsSample)
        {
            cells.Add(name, era);
        }

        return cells;
    }

    [Theory]
    [MemberData(nameof(HoldsSample))]
    public void A_cell_that_holds_yields_nothing_under_coyote(string name, KernelEra era)
    {
        Assert.Null(Expectations.For(name, era));
        var scenario = ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era });

        var report = CoyoteEngine.Run(scenario, CoyoteEraTable.HoldsFor(scenario));

        output.WriteLine($"{report} in {report.Elapsed.TotalSeconds:F1} s");
        Assert.True(report.Bug is null, report.Bug?.ToString());
        Assert.Equal(CoyoteEraTable.HoldsFor(scenario).Iterations, report.Iterations);
    }
}
