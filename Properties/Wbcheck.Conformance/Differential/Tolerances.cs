using Wbcheck.Conformance.Cases;

namespace Wbcheck.Conformance.Differential;

/// <summary>
/// The exact difference each abstraction row allows, as code: given the case and the two event
/// sequences, whether the difference between them is that and nothing else.
/// </summary>
public static class Tolerances
{
    public static IReadOnlyDictionary<string, Func<IConformanceCase, IReadOnlyList<string>, IReadOnlyList<string>, bool>> Rules { get; } =
        new Dictionary<string, Func<IConformanceCase, IReadOnlyList<string>, IReadOnlyList<string>, bool>>(StringComparer.Ordinal)
        {
            ["congestion-exits"] = CongestionExit,
        };

    /// <summary>
    /// The kernel stopped on congestion: its return says so, and every event before it is the
    /// model's event at the same place.
    /// </summary>
    public static bool CongestionExit(IConformanceCase c, IReadOnlyList<string> kernel, IReadOnlyList<string> model)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(model);
        if (c is not WritepagesCase { Congestible: true } || kernel.Count == 0 || !kernel[^1].StartsWith("return ", StringComparison.Ordinal) ||
            !kernel[^1].EndsWith(" encountered_congestion 1", StringComparison.Ordinal) || model.Count == 0)
        {
            return false;
        }

        // Up to the kernel's last event before its return, event for event; the page-cache
        // changes after that event (the pagevec's last unlock) are among the model's changes
        // before its next event, which it sorts with the next lock.
        var lastEvent = kernel.Count - 2;
        while (lastEvent >= 0 && kernel[lastEvent].StartsWith(' '))
        {
            lastEvent--;
        }

        for (var i = 0; i <= lastEvent; i++)
        {
            if (kernel[i] != model[i])
            {
                return false;
            }
        }

        var modelChanges = model.Skip(lastEvent + 1).TakeWhile(e => e.StartsWith(' ')).ToHashSet(StringComparer.Ordinal);
        for (var i = lastEvent + 1; i < kernel.Count - 1; i++)
        {
            if (!modelChanges.Contains(kernel[i]))
            {
                return false;
            }
        }

        return true;
    }
}
