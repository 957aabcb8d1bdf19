namespace Wbcheck.Conformance.Traces;

/// <summary>
/// A run as the differential compares it: for each event, the changes to the page cache since
/// the event before (flag, tag, error-bit and counter changes, in page order), then the event.
/// Changes between two events are compared as a set in a fixed order: an unlock shows as
/// "-PG_locked" before the next event, since the model has no event of its own for it.
/// </summary>
public static class EventSequence
{
    public static IReadOnlyList<string> From(IReadOnlyList<Anchor> anchors)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        var events = new List<string>();
        string? previous = null;
        foreach (var anchor in anchors)
        {
            if (previous is null)
            {
                events.Add($"{anchor.Event}: {anchor.State[2..]}");
            }
            else
            {
                events.AddRange(PageCacheState.Changes(previous, anchor.State));
                events.Add(anchor.Event);
            }

            previous = anchor.State;
        }

        return events;
    }

    /// <summary>Parse the shim's output: "E event" lines, each followed by its "S state" line.</summary>
    public static IReadOnlyList<Anchor> ParseShim(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var anchors = new List<Anchor>();
        string? pending = null;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("E ", StringComparison.Ordinal))
            {
                pending = line[2..];
            }
            else if (line.StartsWith('S') && pending is not null)
            {
                anchors.Add(new Anchor(pending, line));
                pending = null;
            }
            else
            {
                throw new InvalidOperationException($"the shim printed a line it should not: {line}");
            }
        }

        return anchors;
    }
}
