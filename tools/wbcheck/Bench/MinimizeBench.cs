using System.Diagnostics;
using Wbcheck.Concurrency;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Model;

namespace Wbcheck.Cli.Bench;

/// <summary>
/// What the minimizer's bounded search buys (issue #19): every bug cell of the era table found as
/// the matrix finds it, then its trace shrunk by delta debugging alone (the minimizer before) and
/// minimized (DFS for the fewest preemptions, then delta debugging), each with its steps,
/// preemptions and seconds.
/// </summary>
internal static class MinimizeBench
{
    public static IEnumerable<MinimizeFigure> Run(Action<string> progress)
    {
        foreach (var name in ScenarioCatalog.Names)
        {
            foreach (var era in Enum.GetValues<KernelEra>())
            {
                if (Expectations.For(name, era) is null || Expectations.NotApplicableTo(name, era) is not null)
                {
                    continue;
                }

                var cell = $"{name} {era.Info().Version}";
                progress($"minimize {cell}");
                var result = CellCheck.Run(name, era);
                if (result.Bug is not { } found || result.Program is not { } program)
                {
                    continue;
                }

                var clock = Stopwatch.StartNew();
                var shrunk = TestingEngine.Minimize(program, found, null, searchPreemptions: false);
                var shrinkSeconds = clock.Elapsed.TotalSeconds;
                clock.Restart();
                var minimized = TestingEngine.Minimize(program, found, null, searchPreemptions: true);
                yield return new MinimizeFigure(
                    cell,
                    result.Found,
                    found.Steps.Count,
                    found.Preemptions,
                    shrunk.Trace.Steps.Count,
                    shrunk.Trace.Preemptions,
                    minimized.Trace.Steps.Count,
                    minimized.Trace.Preemptions,
                    minimized.FewestPreemptionsProved,
                    minimized.SearchedSchedules,
                    shrinkSeconds,
                    clock.Elapsed.TotalSeconds);
            }
        }
    }
}
