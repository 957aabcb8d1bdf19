using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// The setting the OOM livelock tests share (<see cref="KillableFaultOomTests"/>,
/// <see cref="TwoAllocatorsOomTests"/>): two nodes of 8 pages with min_free_kbytes 32, so each
/// node's min watermark is 4 pages and a few cached pages put both at it; and random scheduling
/// over 200 iterations, which meets each livelock within its first schedules.
/// </summary>
internal static class OomMachine
{
    public static Machine TwoSmallNodes { get; } = new() { OnlineCpus = 2, Nodes = 2, TotalPages = 16, MinFreeKbytes = 32 };

    public static TestingConfiguration Random { get; } = RaceScenario.DefaultConfiguration with
    {
        Strategy = "random",
        Iterations = 200,
    };
}
