using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Rendering;

/// <summary>
/// The lanes of a trace's HTML view: one per thread, in id order, except that threads which only
/// ever complete I/O (one interrupt each, often many of them, with the choice of its result)
/// share one lane after the others.
/// </summary>
internal sealed class TraceLanes
{
    private const string CompletionLaneName = "I/O completions";

    private readonly Dictionary<int, int> laneOf = [];
    private readonly List<string> names = [];

    public TraceLanes(BugTrace trace)
    {
        var threads = trace.Steps.Select(s => s.ThreadId).Distinct().Order().ToList();
        var completions = threads
            .Where(id => id >= 0 && trace.Steps.Where(s => s.ThreadId == id).All(s => s.Kind is DecisionKind.CompleteIo or DecisionKind.Choice))
            .ToHashSet();
        foreach (var id in threads.Where(id => !completions.Contains(id)))
        {
            var step = trace.Steps.First(s => s.ThreadId == id);
            laneOf[id] = names.Count;
            names.Add($"{step.ThreadTag} {step.ThreadName}");
        }

        if (completions.Count > 0)
        {
            SharedLane = names.Count;
            names.Add(CompletionLaneName);
            foreach (var id in completions)
            {
                laneOf[id] = SharedLane.Value;
            }
        }
    }

    public IReadOnlyList<string> Names => names;

    public int Count => names.Count;

    /// <summary>The lane the I/O-completion threads share, if there are any.</summary>
    public int? SharedLane { get; }

    public int Of(int threadId) => laneOf[threadId];

    public bool IsShared(int threadId) => laneOf[threadId] == SharedLane;
}
