using System.Globalization;

namespace Wbcheck.Model.Fs.Mpage.Layout;

/// <summary>Numbers written as the layout format and the reports write them: runs as <c>a-b</c>.</summary>
public static class NumberRanges
{
    /// <summary>Ascending numbers as runs, e.g. "0-3 5 7-8" (with separator " ").</summary>
    public static string Format(IEnumerable<long> numbers, string separator = " ")
    {
        var parts = new List<string>();
        long? start = null;
        long end = 0;
        foreach (var number in numbers)
        {
            if (start is not null && number == end + 1)
            {
                end = number;
                continue;
            }

            if (start is { } s)
            {
                parts.Add(Range(s, end));
            }

            start = number;
            end = number;
        }

        if (start is { } last)
        {
            parts.Add(Range(last, end));
        }

        return string.Join(separator, parts);
    }

    /// <summary>"a" or "a-b".</summary>
    public static string Range(long first, long last) =>
        first == last
            ? first.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{first}-{last}");
}
