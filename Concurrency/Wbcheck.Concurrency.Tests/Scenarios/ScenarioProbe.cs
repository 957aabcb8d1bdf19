using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Xunit.Abstractions;

namespace Wbcheck.Concurrency.Tests.Scenarios;

public sealed class ScenarioProbe(ITestOutputHelper output)
{
    [Fact]
    public void Timeline()
    {
        var scenario = ScenarioCatalog.Create("fsync-vs-truncate", ScenarioOptions.Default);
        var report = TestingEngine.Run(scenario, TestingConfiguration.Default with { Strategy = "pct", Iterations = 300, Seed = 1 });
        if (report.FoundBug)
        {
            output.WriteLine(Rendering.TimelineRenderer.Render(report.Bugs[0], scenario));
        }
    }

    [Fact]
    public void Probe()
    {
        foreach (var name in ScenarioCatalog.Names)
        {
            foreach (var era in Enum.GetValues<KernelEra>())
            {
                foreach (var strategy in new[] { "random", "pct" })
                {
                    var scenario = ScenarioCatalog.Create(name, ScenarioOptions.Default with { Era = era });
                    var started = DateTime.UtcNow;
                    var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = strategy, Iterations = 300, Seed = 1 });
                    output.WriteLine($"{name,-32} {era,-8} {strategy,-6} {(DateTime.UtcNow - started).TotalMilliseconds,6:F0}ms {(report.FoundBug ? report.Bugs[0].Bug.ToString() : "holds")} [{report.Iterations} it]");
                }
            }
        }
    }
}
