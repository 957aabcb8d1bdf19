using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>A trace's parameters rebuild the scenario it was recorded from, and nothing else.</summary>
public sealed class ScenarioOptionsTests
{
    [Fact]
    public void Parameters_read_back_to_the_same_options()
    {
        var options = new ScenarioOptions
        {
            Era = KernelEra.V4_13,
            Pages = 3,
            BatchSize = 5,
            Small = true,
            Faults = new Faults { LeakWritebackCount = true, SyncSkipsWriteback = true },
        };

        var again = ScenarioOptions.FromParameters(options.ToParameters());

        Assert.Equal(options.ToParameters(), again.ToParameters());
        Assert.Equal((KernelEra.V4_13, 3, 5, true), (again.Era, again.Pages, again.BatchSize, again.Small));
        Assert.Equal(["LeakWritebackCount", "SyncSkipsWriteback"], again.Faults.Active());
    }

    [Theory]
    [InlineData("era", "1.0", "unknown kernel era '1.0'")]
    [InlineData("pages", "-1", "the scenario parameter 'pages' is '-1', not a whole number from 1 to 16384")]
    [InlineData("small", "maybe", "the scenario parameter 'small' is 'maybe', not yes or no")]
    [InlineData("faults", "NoSuchFault", "the scenario parameter 'faults' names 'NoSuchFault', which is not a fault switch of this model")]
    [InlineData("disk", "used", "the scenario parameter 'disk' is 'used', not fresh")]
    [InlineData("threads", "3", "unknown scenario parameter 'threads'")]
    public void A_parameter_it_cannot_have_is_refused_by_name(string key, string value, string message)
    {
        var parameters = new Dictionary<string, string>(ScenarioOptions.Default.ToParameters()) { [key] = value };

        var error = Assert.Throws<ArgumentException>(() => ScenarioOptions.FromParameters(parameters));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trace_rebuilds_its_scenario()
    {
        var result = CellCheck.Run(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_36);

        var scenario = ScenarioCatalog.ForTrace(BugTrace.FromJson(result.Bug!.ToJson()));

        Assert.Equal(WriteFaultVsTruncate.ScenarioName, scenario.Name);
        Assert.Equal(KernelEra.V2_6_36, scenario.Options.Era);
        Assert.True(TestingEngine.Replay(scenario, result.Bug).Reproduced);
    }

    [Fact]
    public void A_trace_of_another_program_is_refused_naming_the_scenarios()
    {
        var result = CellCheck.Run(WriteFaultVsTruncate.ScenarioName, KernelEra.V2_6_36);
        var trace = result.Bug!;
        var other = new BugTrace
        {
            Program = "abba-deadlock",
            Parameters = trace.Parameters,
            ModelVersion = trace.ModelVersion,
            Strategy = trace.Strategy,
            Seed = trace.Seed,
            Iteration = trace.Iteration,
            MaxSteps = trace.MaxSteps,
            FairFrom = trace.FairFrom,
            LivenessBound = trace.LivenessBound,
            Bug = trace.Bug,
            Steps = trace.Steps,
        };

        var error = Assert.Throws<TraceLoadException>(() => ScenarioCatalog.ForTrace(other, "x.json"));

        Assert.StartsWith("cannot use trace 'x.json': it was recorded from 'abba-deadlock', which is not a race scenario of this build (known scenarios: fsync-vs-dirtier, ", error.Message, StringComparison.Ordinal);
    }
}
