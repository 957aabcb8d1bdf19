using System.Diagnostics;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Cli.Bench;

/// <summary>
/// The memory soak: one long run of a race scenario (every schedule on the same reused workers,
/// as a long <c>wbcheck test</c> runs), with the process's working set taken after the first
/// schedules and again at the end. Memory that grows with the schedules run (a trace, a kernel or
/// a monitor kept per schedule) shows as an end figure above the early one.
/// </summary>
internal static class Soak
{
    /// <summary>The scenario soaked: fsync against truncate, whose every schedule ends without a bug on the current era.</summary>
    public const string Scenario = FsyncVsTruncate.ScenarioName;

    /// <summary>How much the working set may grow from the early figure to the end and still count as flat.</summary>
    public const double FlatWithin = 0.10;

    public static SoakResult Run(int schedules, int early, Action<string> progress)
    {
        var scenario = ScenarioCatalog.Create(Scenario, ScenarioOptions.Default);
        var configuration = scenario.Configuration with { Strategy = "random", Iterations = schedules, StopAtFirstBug = false };
        var counter = new RunProgress();
        long? earlyWorkingSet = null;
        long earlyHeap = 0;
        using var done = new ManualResetEventSlim();

        // The early figure is taken from beside the run, as soon as it has passed that many schedules.
        var sampler = new Thread(() =>
        {
            while (!done.IsSet && counter.Iterations < early)
            {
                done.Wait(5);
            }

            earlyWorkingSet = WorkingSet();
            earlyHeap = GC.GetTotalMemory(forceFullCollection: false);
            progress($"soak: {counter.Iterations:N0} schedules, working set {earlyWorkingSet / (1 << 20):N0} MB, managed heap {earlyHeap / (1 << 10):N0} KB");
        })
        {
            IsBackground = true,
            Name = "wbcheck soak sampler",
        };
        progress($"soak: {schedules:N0} schedules of {Scenario} ({KernelEras.Current.Info().Version}, random)");
        var clock = Stopwatch.StartNew();
        sampler.Start();
        var report = TestingEngine.Run(scenario, configuration, counter);
        done.Set();
        sampler.Join();
        var seconds = clock.Elapsed.TotalSeconds;
        var end = WorkingSet();
        var endHeap = GC.GetTotalMemory(forceFullCollection: false);
        var first = earlyWorkingSet ?? end;
        return new SoakResult(Scenario, report.Iterations, early, first, end, (double)(end - first) / first, seconds, report.Bugs.Count)
        {
            EarlyManagedHeap = earlyHeap,
            EndManagedHeap = endHeap,
        };
    }

    /// <summary>
    /// The working set once garbage is collected and the free memory given back (an aggressive,
    /// compacting collection): what the run keeps, not what the collector has yet to return.
    /// </summary>
    private static long WorkingSet()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
