using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>What the model reported reading and writing while an action ran (its AccessLog entries: id &lt;&lt; 1 | written).</summary>
internal static class RecordedAccesses
{
    public static ulong[] Of(Action action)
    {
        var log = new AccessLog();
        AccessLog.Current = log;
        try
        {
            action();
        }
        finally
        {
            AccessLog.Current = null;
        }

        return log.Entries.ToArray();
    }
}
