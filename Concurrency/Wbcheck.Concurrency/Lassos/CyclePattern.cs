using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Lassos;

/// <summary>
/// The shortest pattern a lasso's cycle repeats: the fewest decisions p, dividing the cycle's
/// length, such that each decision is the same as the one p later (the same thread by name, its
/// numbers aside: "bio 68 endio" and "bio 70 endio" are the same, at the same point). A cycle of
/// 240 decisions that is 16 times a pattern of 15 comes back exactly only after all 16 (what does
/// not shift, a counter, needs them), but a reader follows the 15.
/// </summary>
internal static class CyclePattern
{
    /// <summary>The length of the shortest repeated pattern of <paramref name="cycle"/> (its own length when none is shorter).</summary>
    public static int Period(ReadOnlySpan<TraceStep> cycle)
    {
        var n = cycle.Length;
        for (var p = 1; p < n; p++)
        {
            if (n % p == 0 && Repeats(cycle, p))
            {
                return p;
            }
        }

        return n;
    }

    private static bool Repeats(ReadOnlySpan<TraceStep> cycle, int p)
    {
        for (var i = 0; i + p < cycle.Length; i++)
        {
            if (!Same(cycle[i], cycle[i + p]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(in TraceStep a, in TraceStep b) =>
        a.Kind == b.Kind && a.Label.Function == b.Label.Function && a.Value == b.Value && WithoutNumbers(a.ThreadName) == WithoutNumbers(b.ThreadName);

    private static string WithoutNumbers(string name) => string.Concat(name.Where(c => !char.IsAsciiDigit(c)));
}
