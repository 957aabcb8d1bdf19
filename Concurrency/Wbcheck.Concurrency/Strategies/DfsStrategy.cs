namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// Exhaustive, stateless depth-first search of the schedules (and choices), loom's way: the
/// current schedule is a path of branch records with a cursor. Each iteration replays the path's
/// prefix, then extends it by taking the first option at every new branch; the next iteration
/// backtracks to the deepest branch with an untried option and takes that. With a preemption
/// bound (CHESS's iterative context bounding), switching away from a thread that could go on is
/// allowed only that many times per schedule, which keeps deep programs tractable and still finds
/// most bugs, which need few preemptions.
/// </summary>
internal sealed class DfsStrategy(int? preemptionBound) : ISchedulingStrategy
{
    private readonly List<DfsBranch> path = [];
    private readonly List<int> pool = [];
    private int[] allowed = new int[8];
    private int cursor;
    private int preemptions;
    private bool started;

    public string Name => "dfs";

    public bool IsFair => false;

    public int LearningIterations => 0;

    /// <summary>Schedules started so far.</summary>
    internal long Schedules { get; private set; }

    public bool StartIteration(int iteration, ulong seed)
    {
        if (started && !Backtrack())
        {
            return false;
        }

        started = true;
        cursor = 0;
        preemptions = 0;
        Schedules++;
        return true;
    }

    public int NextThread(in SchedulingStep step)
    {
        var count = FillAllowed(step);
        int chosen;
        if (count == 1)
        {
            chosen = allowed[0];
        }
        else if (cursor < path.Count)
        {
            var branch = path[cursor++];
            if (branch.IsChoice || !Matches(branch, count))
            {
                throw Nondeterministic(step.Index, Describe(allowed.AsSpan(0, count)), DescribeRecorded(branch));
            }

            chosen = pool[branch.Offset + branch.Chosen];
        }
        else
        {
            path.Add(new DfsBranch(false, pool.Count, count, 0));
            pool.AddRange(allowed.AsSpan(0, count));
            cursor++;
            chosen = allowed[0];
        }

        if (step.PreviousEnabled && chosen != step.Previous)
        {
            preemptions++;
        }

        return chosen;
    }

    public int NextChoice(in ChoicePoint choice)
    {
        if (cursor < path.Count)
        {
            var branch = path[cursor++];
            if (!branch.IsChoice || branch.Count != choice.Count)
            {
                throw Nondeterministic(choice.Index, $"a choice of {choice.Count}", DescribeRecorded(branch));
            }

            return branch.Chosen;
        }

        path.Add(new DfsBranch(true, 0, choice.Count, 0));
        cursor++;
        return 0;
    }

    /// <summary>Cut the path back to the deepest branch with an untried option and take it; false when none is left.</summary>
    private bool Backtrack()
    {
        // Branches past the cursor were not reached by the last run (it stopped at a bug).
        while (path.Count > cursor)
        {
            Pop();
        }

        while (path.Count > 0)
        {
            var last = path[^1];
            if (last.Chosen + 1 < last.Count)
            {
                path[^1] = last with { Chosen = last.Chosen + 1 };
                return true;
            }

            Pop();
        }

        return false;
    }

    private void Pop()
    {
        var last = path[^1];
        if (!last.IsChoice)
        {
            pool.RemoveRange(last.Offset, last.Count);
        }

        path.RemoveAt(path.Count - 1);
    }

    /// <summary>The threads this step may run: the previous one first (the schedule without a preemption), then the others.</summary>
    private int FillAllowed(in SchedulingStep step)
    {
        if (step.PreviousEnabled && preemptions >= preemptionBound)
        {
            allowed[0] = step.Previous;
            return 1;
        }

        if (allowed.Length < step.Enabled.Length)
        {
            allowed = new int[step.Enabled.Length * 2];
        }

        var count = 0;
        if (step.PreviousEnabled)
        {
            allowed[count++] = step.Previous;
        }

        foreach (var id in step.Enabled)
        {
            if (!(step.PreviousEnabled && id == step.Previous))
            {
                allowed[count++] = id;
            }
        }

        return count;
    }

    private bool Matches(DfsBranch branch, int count)
    {
        if (branch.Count != count)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (pool[branch.Offset + i] != allowed[i])
            {
                return false;
            }
        }

        return true;
    }

    private string DescribeRecorded(DfsBranch branch) =>
        branch.IsChoice ? $"a choice of {branch.Count}" : Describe(pool.GetRange(branch.Offset, branch.Count).ToArray());

    private static string Describe(ReadOnlySpan<int> threads)
    {
        var names = new List<string>(threads.Length);
        foreach (var id in threads)
        {
            names.Add($"T{id}");
        }

        return $"threads {string.Join(", ", names)}";
    }

    private static NondeterminismException Nondeterministic(int step, string found, string recorded) =>
        new($"the program is not deterministic: DFS replayed the same decisions, but at step {step} it found " +
            $"{found} where an earlier run had {recorded}; keep all state in objects Setup creates, and take " +
            "random values from the runtime's Choose, not from Random or the clock");
}
