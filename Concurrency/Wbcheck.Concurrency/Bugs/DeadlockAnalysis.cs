using Wbcheck.Concurrency.Runtime;

namespace Wbcheck.Concurrency.Bugs;

/// <summary>Builds the report of a deadlock: the wait-for graph, and the cycle in it when there is one.</summary>
internal static class DeadlockAnalysis
{
    public static BugReport Report(ControlledRuntime runtime)
    {
        var edges = new List<WaitForEdge>();
        for (var i = 0; i < runtime.ThreadCount; i++)
        {
            ref readonly var slot = ref runtime.SlotOf(i);
            if (slot.Status == ThreadStatus.Sleeping)
            {
                var queue = slot.SleepingOn!;
                edges.Add(new WaitForEdge(
                    i, slot.Thread.Name, queue.Name, slot.PendingLabel.ToString(), queue.Holder?.Id, queue.Holder?.Name, queue.HolderNote));
            }
        }

        var cycle = FindCycle(edges);
        var details = new List<string>(edges.Count + 1);
        foreach (var edge in edges)
        {
            details.Add($"{Tag(edge.ThreadId, edge.ThreadName)} sleeps on {edge.Queue} at {edge.Label}, {HeldBy(runtime, edge)}");
        }

        string summary;
        if (cycle.Count == 1)
        {
            var self = edges.First(e => e.ThreadId == cycle[0]);
            summary = $"{Tag(self.ThreadId, self.ThreadName)} sleeps on {self.Queue}, which it holds itself";
        }
        else if (cycle.Count > 1)
        {
            var path = string.Join(" -> ", cycle.Append(cycle[0]).Select(id => Tag(id, NameOf(edges, id))));
            summary = $"{path} wait for each other";
            details.Add($"cycle: {path}");
        }
        else
        {
            summary = $"every unfinished thread is asleep ({edges.Count} of them) and no thread can wake them";
        }

        var step = runtime.StepCount - 1;
        return new BugReport
        {
            Kind = BugKind.Deadlock,
            Message = $"deadlock after step {step}: {summary}",
            Step = step,
            ThreadId = cycle.Count > 0 ? cycle[0] : null,
            Details = details,
            WaitFor = edges,
        };
    }

    /// <summary>The first cycle of holders found, from the lowest thread id in it; empty when there is none.</summary>
    private static List<int> FindCycle(List<WaitForEdge> edges)
    {
        var holderOf = edges.ToDictionary(e => e.ThreadId, e => e.HolderId);
        foreach (var start in edges)
        {
            var path = new List<int>();
            var current = (int?)start.ThreadId;
            while (current is { } id && holderOf.ContainsKey(id) && !path.Contains(id))
            {
                path.Add(id);
                current = holderOf[id];
            }

            if (current is { } repeated && path.Contains(repeated))
            {
                var cycle = path.GetRange(path.IndexOf(repeated), path.Count - path.IndexOf(repeated));
                var lowest = cycle.IndexOf(cycle.Min());
                return [.. cycle.Skip(lowest), .. cycle.Take(lowest)];
            }
        }

        return [];
    }

    private static string HeldBy(ControlledRuntime runtime, WaitForEdge edge)
    {
        if (edge.WaitsOnItself)
        {
            return "which it holds itself";
        }

        if (edge.HolderId is { } holder)
        {
            var finished = holder < runtime.ThreadCount && runtime.SlotOf(holder).Status == ThreadStatus.Finished;
            return $"held by {Tag(holder, edge.HolderName!)}{(finished ? ", which has finished" : "")}";
        }

        return edge.HolderNote is { } note ? $"held by {note}" : "held by nobody: a wake-up was missed";
    }

    private static string NameOf(List<WaitForEdge> edges, int id) => edges.First(e => e.ThreadId == id).ThreadName;

    private static string Tag(int id, string name) => $"T{id}({name})";
}
