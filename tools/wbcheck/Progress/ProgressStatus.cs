using System.Globalization;
using Wbcheck.Concurrency;

namespace Wbcheck.Cli.Progress;

/// <summary>One reading of a long run: what to say, how far along it is (0 to 1) and the time left, when known.</summary>
internal sealed record ProgressStatus(string Text, double? Fraction, TimeSpan? Left)
{
    /// <summary>
    /// A test run: iterations (of the total, when known), schedules per second, bugs, and the time
    /// left by the rate so far, or by the time budget when that ends sooner.
    /// </summary>
    public static ProgressStatus ForRun(RunProgress progress, long? total, TimeSpan elapsed, TimeSpan? budget)
    {
        var done = progress.Iterations;
        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        var text = $"{Number(done)}{(total is { } all ? $" of {Number(all)}" : "")} iterations, {Number((long)rate)} schedules/s, " +
                   $"{Count(progress.Bugs, "bug")}";
        TimeSpan? left = total is { } count && rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, count - done) / rate) : null;
        if (budget is { } limit)
        {
            var remaining = limit - elapsed < TimeSpan.Zero ? TimeSpan.Zero : limit - elapsed;
            left = left is { } estimate && estimate < remaining ? estimate : remaining;
        }

        double? fraction = total is { } n && n > 0 ? Math.Min(1.0, (double)done / n) : null;
        return new ProgressStatus(text, fraction, left);
    }

    /// <summary>The line printed when nobody watches a terminal: "[12 s] test fsync-vs-dirtier: ..., about 3 s left".</summary>
    public string Line(string title, TimeSpan elapsed) =>
        $"[{Duration(elapsed)}] {title}: {Text}{(Left is { } left ? $", about {Duration(left)} left" : "")}";

    public static string Duration(TimeSpan time) => time.TotalSeconds < 10
        ? $"{time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s"
        : time.TotalSeconds < 60
        ? $"{(int)time.TotalSeconds} s"
        : time.TotalMinutes < 60 ? $"{(int)time.TotalMinutes} min {time.Seconds} s" : $"{(int)time.TotalHours} h {time.Minutes} min";

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Count(long value, string noun) => $"{Number(value)} {noun}{(value == 1 ? "" : "s")}";
}
