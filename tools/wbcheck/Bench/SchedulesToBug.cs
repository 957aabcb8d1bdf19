namespace Wbcheck.Cli.Bench;

/// <summary>
/// How soon one strategy finds one program's bug, over many seeds. The schedules a run needs are
/// geometric (every schedule finds the bug with the same chance, independently), so a median over
/// 20 seeds moves by half from one set of seeds to the next: this keeps the sample median with a
/// 95% confidence interval, and the per-schedule probability of finding the bug (found over all
/// schedules run, with its 95% Wilson interval) together with the median it implies.
/// </summary>
/// <param name="Seeds">Runs, one per seed 1, 2, ...</param>
/// <param name="Found">Runs that found the bug within their cap.</param>
/// <param name="Schedules">Schedules run over all seeds.</param>
/// <param name="Median">Sample median of the schedules to the first bug (a run that found nothing counts its cap: the median is then a lower bound).</param>
/// <param name="MedianLow">Lower end of the median's 95% interval (order statistics, no distribution assumed).</param>
/// <param name="MedianHigh">Upper end of the median's 95% interval.</param>
/// <param name="PerSchedule">Estimated probability that one schedule finds the bug.</param>
/// <param name="PerScheduleLow">Lower end of its 95% interval.</param>
/// <param name="PerScheduleHigh">Upper end of its 95% interval (with nothing found, the most the probability can be).</param>
/// <param name="GeometricMedian">The median that <see cref="PerSchedule"/> implies, ln 2 / -ln(1 - p) rounded up; null when nothing was found.</param>
internal sealed record SchedulesToBug(
    int Seeds,
    int Found,
    long Schedules,
    double Median,
    double MedianLow,
    double MedianHigh,
    double PerSchedule,
    double PerScheduleLow,
    double PerScheduleHigh,
    double? GeometricMedian)
{
    private const double Z95 = 1.959964;

    /// <summary>From each run's schedules to its bug (or to its cap when <c>Found</c> is false).</summary>
    public static SchedulesToBug Of(IReadOnlyList<(bool Found, int Schedules)> runs)
    {
        if (runs.Count == 0)
        {
            throw new ArgumentException("no runs", nameof(runs));
        }

        var sorted = runs.Select(r => (double)r.Schedules).Order().ToArray();
        var n = sorted.Length;
        var median = Sample.Of(sorted).Median;

        // The median lies between the l-th and u-th smallest with 95% confidence: how many runs fall
        // below it is binomial(n, 1/2) (Conover, Practical Nonparametric Statistics, 3.2).
        var spread = Z95 * Math.Sqrt(n) / 2;
        var lower = Math.Clamp((int)Math.Floor(n / 2.0 - spread), 1, n);
        var upper = Math.Clamp((int)Math.Ceiling(n / 2.0 + 1 + spread), 1, n);

        var found = runs.Count(r => r.Found);
        var schedules = runs.Sum(r => (long)r.Schedules);
        var (low, high) = Wilson(found, schedules);
        var p = (double)found / schedules;
        double? geometric = found == 0 ? null : p >= 1 ? 1 : Math.Ceiling(Math.Log(0.5) / Math.Log(1 - p));
        return new SchedulesToBug(n, found, schedules, median, sorted[lower - 1], sorted[upper - 1], p, low, high, geometric);
    }

    /// <summary>The Wilson score interval of a proportion: sound near 0, where the bugs of hard programs sit.</summary>
    private static (double Low, double High) Wilson(long successes, long trials)
    {
        var p = (double)successes / trials;
        var z2 = Z95 * Z95;
        var centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
        var half = Z95 * Math.Sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / (1 + z2 / trials);
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
