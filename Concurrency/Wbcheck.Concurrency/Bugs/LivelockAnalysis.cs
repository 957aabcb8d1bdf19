using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Bugs;

/// <summary>
/// Builds the report of a livelock: the window of steps the monitor stayed hot for, and the cycle
/// of steps it keeps repeating. Steps are compared by thread, kind and kernel function (not by page
/// index, which keeps growing in a livelock that appends). Under fair random scheduling there may be
/// no exact cycle; the report then counts the steps each thread took in the window.
/// </summary>
internal static class LivelockAnalysis
{
    private const int LongestCycle = 64;
    private const int Repeats = 3;

    public static BugReport Report(string monitor, ReadOnlySpan<TraceStep> steps, int hotSteps)
    {
        var window = new List<(int Index, TraceStep Step)>(hotSteps);
        for (var i = steps.Length - 1; i >= 0 && window.Count < hotSteps; i--)
        {
            if (!steps[i].IsChoice)
            {
                window.Add((i, steps[i]));
            }
        }

        window.Reverse();
        var first = window[0].Index;
        var last = steps.Length - 1;
        var period = FindPeriod(window);
        var details = new List<string>();
        string shape;
        if (period > 0)
        {
            shape = $"; it cycles through {period} steps";
            details.Add($"cycle of {period} steps, repeated while the monitor stayed hot:");
            foreach (var (index, step) in window.Skip(window.Count - period))
            {
                details.Add($"  {index}: {Describe(step)}");
            }
        }
        else
        {
            shape = "";
            details.Add("steps taken while the monitor stayed hot (no exact cycle under random scheduling):");
            foreach (var group in window.GroupBy(s => (s.Step.ThreadId, s.Step.ThreadName, s.Step.Kind, s.Step.Label.Function)))
            {
                var (threadId, name, kind, function) = group.Key;
                details.Add($"  T{threadId}({name}) {TraceNames.Of(kind)} {function} x{group.Count()}");
            }
        }

        return new BugReport
        {
            Kind = BugKind.Livelock,
            Source = monitor,
            Message = $"liveness monitor '{monitor}' stayed hot for {hotSteps} steps under fair scheduling " +
                      $"(steps {first} to {last}){shape}",
            Step = last,
            Details = details,
        };
    }

    private static int FindPeriod(List<(int Index, TraceStep Step)> window)
    {
        for (var period = 1; period <= LongestCycle && period * Repeats <= window.Count; period++)
        {
            var periodic = true;
            for (var j = 1; j <= period * (Repeats - 1) && periodic; j++)
            {
                periodic = SameShape(window[^j].Step, window[^(j + period)].Step);
            }

            if (periodic)
            {
                return period;
            }
        }

        return 0;
    }

    private static bool SameShape(TraceStep a, TraceStep b) =>
        a.ThreadId == b.ThreadId && a.Kind == b.Kind && a.Label.Function == b.Label.Function;

    internal static string Describe(TraceStep step) => $"T{step.ThreadId}({step.ThreadName}) {TraceNames.Of(step.Kind)} {step.Label}";
}
