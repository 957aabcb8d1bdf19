using System.Globalization;

namespace Wbcheck.Cli.Matrix;

/// <summary>
/// The CPU time the calling thread has used, where the system says (Linux's
/// <c>/proc/thread-self/schedstat</c>): a cell runs on one thread from start to end, so the
/// difference over the cell is its CPU, which a loaded machine does not inflate as it does the
/// wall clock. Null where it cannot be read.
/// </summary>
internal static class ThreadCpu
{
    private const string Schedstat = "/proc/thread-self/schedstat";

    public static TimeSpan? Now()
    {
        try
        {
            var text = File.ReadAllText(Schedstat);
            var first = text.AsSpan(0, Math.Max(0, text.IndexOf(' ')));
            return long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds)
                ? TimeSpan.FromTicks(nanoseconds / 100)
                : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }
}
