using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Coyote.Specifications;

/// <summary>
/// How a bug our runtime finds under Coyote is written in Coyote's report: "wbcheck
/// KIND[SOURCE]: MESSAGE", so that a reader of Coyote's output sees our bug kinds, and the kind
/// and source are read back from it exactly.
/// </summary>
internal static class CoyoteBugText
{
    private const string Prefix = "wbcheck ";

    public static string Of(BugReport bug) => $"{Prefix}{TraceNames.Of(bug.Kind)}[{bug.Source}]: {bug.Message}";

    /// <summary>Kind and source of a report written by <see cref="Of"/>; false for any other text.</summary>
    public static bool TryRead(string text, out BugKind kind, out string source, out string message)
    {
        kind = default;
        source = "";
        message = text;
        var start = text.IndexOf(Prefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var open = text.IndexOf('[', start);
        var close = text.IndexOf("]: ", open + 1, StringComparison.Ordinal);
        if (open < 0 || close < 0 || !TraceNames.TryParseBug(text[(start + Prefix.Length)..open], out kind))
        {
            return false;
        }

        source = text[(open + 1)..close];
        message = text[(close + 3)..].TrimEnd();
        return true;
    }
}
