namespace Wbcheck.Cli.Bench;

/// <summary>Repeated measurements of one figure: median, minimum and maximum.</summary>
internal sealed record Sample(double Median, double Min, double Max)
{
    public static Sample Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("no measurements", nameof(values));
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Sample(median, sorted[0], sorted[^1]);
    }
}
