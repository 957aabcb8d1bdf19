using System.Collections.Immutable;
using System.Text;

namespace Wbcheck.Properties.Writeback.Running;

/// <summary>
/// How a case broke: the invariant (or "kernel BUG", "deadlock"), what was wrong, where (the
/// command and the thread's step), what each command did up to there, and the state then.
/// </summary>
public sealed record CaseFailure(string Invariant, string Message, string Where, ImmutableArray<string> Log, ImmutableArray<string> State)
{
    /// <summary>The whole report, for the exception a property throws.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Message).Append("\n  where: ").Append(Where).Append("\n  what the commands did:");
        foreach (var line in Log)
        {
            text.Append("\n    ").Append(line);
        }

        text.Append("\n  state then:");
        foreach (var line in State)
        {
            text.Append("\n    ").Append(line);
        }

        return text.ToString();
    }
}
