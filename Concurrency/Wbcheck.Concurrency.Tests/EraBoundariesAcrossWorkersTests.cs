using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// The era boundaries a run consulted are the calling thread's record, however many workers ran
/// it: the matrix proves later eras by that record (EraBoundaries), so a worker's must not be lost.
/// </summary>
public sealed class EraBoundariesAcrossWorkersTests
{
    [Fact]
    public void Parallel_workers_hand_the_boundaries_their_schedules_consulted_back_to_the_caller()
    {
        var program = ScenarioCatalog.Create(WriteFaultVsTruncate.ScenarioName, ScenarioOptions.Default with { Era = KernelEra.V6_10 });
        var configuration = TestingConfiguration.Default with { Strategy = "random", Seed = 3, Iterations = 40, StopAtFirstBug = false };

        EraBoundaries.Reset();
        TestingEngine.Run(program, configuration);
        var sequential = EraBoundaries.Reset();
        TestingEngine.Run(program, configuration with { Workers = 2 });
        var parallel = EraBoundaries.Reset();

        Assert.NotEqual(0UL, sequential);
        Assert.Equal(EraBoundaries.Named(sequential), EraBoundaries.Named(parallel));
    }
}
