using Wbcheck.Concurrency.Scenarios;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// What exploring a kernel scenario allocates, the figure behind its throughput: bytes per
/// scheduling step of scenario 3 with 8 pages, on a fixed seed so the schedules run are the same
/// every time. Counted with <see cref="GC.GetAllocatedBytesForCurrentThread"/>, exact for the one
/// engine thread; no timing is asserted.
/// </summary>
public sealed class AllocationTests
{
    /// <summary>
    /// Measured: 236 bytes a step in Release and 426 in Debug (where the compiler makes async
    /// state machines classes); 1,066 in Release when model methods returned Task and formatted
    /// their assertion messages eagerly. The bound is generous for either build and fails on
    /// such a regression.
    /// </summary>
    private const double MaxBytesPerStep = 700;

    [Theory]
    [InlineData("random")]
    [InlineData("pct")]
    public void Exploring_background_writeback_against_reclaim_and_truncate_allocates_little_per_step(string strategy)
    {
        var scenario = ScenarioCatalog.Create(BackgroundVsReclaimTruncate.ScenarioName, ScenarioOptions.Default with { Pages = 8 });
        var configuration = RaceScenario.DefaultConfiguration with { Strategy = strategy, Iterations = 300, Seed = 7, StopAtFirstBug = false };

        // Warm: the first iterations load types and fill the model's pools of async frames.
        TestingEngine.Run(scenario, configuration with { Iterations = 50 });
        var before = GC.GetAllocatedBytesForCurrentThread();
        var report = TestingEngine.Run(scenario, configuration);
        var bytesPerStep = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / report.Steps;

        Assert.False(report.FoundBug, report.Summary());
        Assert.Equal(300, report.Iterations);
        Assert.True(bytesPerStep < MaxBytesPerStep, $"{bytesPerStep:F0} bytes allocated per step ({report.Steps} steps), over {MaxBytesPerStep}");
    }
}
