using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// A use-after-free report names the step of the trace that freed the page, so the reader of a
/// long trace can go straight to the free (issue 17 item 4: "with the step that freed it").
/// </summary>
public sealed class UseAfterFreeStepTests
{
    [Fact]
    public void The_report_names_the_truncate_step_that_freed_the_page()
    {
        var scenario = ScenarioCatalog.Create(
            EndWritebackVsTruncate.ScenarioName,
            ScenarioOptions.Default with { Era = KernelEra.V6_9, Faults = new Faults { EndWritebackTakesNoReference = true } });
        var report = TestingEngine.Run(scenario, RaceScenario.DefaultConfiguration with { Strategy = "dfs", PreemptionBound = 2, Iterations = 100_000 });
        Assert.True(report.FoundBug, report.Summary());
        var trace = TestingEngine.Minimize(scenario, report.Bugs[0]).Trace;
        Assert.Equal((BugKind.SafetyMonitor, UseAfterFree.Name), (trace.Bug.Kind, trace.Bug.Source));

        var named = System.Text.RegularExpressions.Regex.Match(trace.Bug.Message, @"after T1\(truncate\) in (\w+) \(step (\d+)\) freed it");

        Assert.True(named.Success, trace.Bug.Message);
        var freeing = trace.Steps[int.Parse(named.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)];
        Assert.Equal("truncate", freeing.ThreadName);
        Assert.True(int.Parse(named.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) < trace.Bug.Step);
        TraceFiles.AssertReplaysFromFile(scenario, trace);
    }
}
