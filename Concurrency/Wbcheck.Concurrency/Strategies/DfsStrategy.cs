namespace Wbcheck.Concurrency.Strategies;

/// <summary>
/// Exhaustive, stateless depth-first search of the schedules (and choices), loom's way: the
/// current schedule is a path of branch records with a cursor. Each iteration replays the path's
/// prefix, then extends it by taking the first option at every new branch; the next iteration
/// backtracks to the deepest branch with an untried option and takes that. With a preemption
/// bound (CHESS's iterative context bounding), switching away from a thread that could go on is
/// allowed only that many times per schedule, which keeps deep programs tractable and still finds
/// most bugs, which need few preemptions. Without a fixed bound it iterates the bound as CHESS
/// does: the whole tree with at most 0 preemptions, then at most 1, 2, ... up to
/// <paramref name="cap"/>, stopping early once a bound's tree had no preemption it had to refuse
/// (the space is then complete). Each bound's tree holds the lower bounds' schedules again: their
/// deterministic part is re-run (<see cref="RepeatsLowerBound"/>) and finds nothing new, which
/// costs at most the lower bounds' share of the runs, since the count grows with the bound.
/// </summary>
internal sealed class DfsStrategy(int? preemptionBound, int cap) : ISchedulingStrategy
{
    private readonly bool iterating = preemptionBound is null;
    private readonly List<DfsBranch> path = [];
    private readonly List<int> pool = [];
    private int[] allowed = new int[8];
    private int cursor;
    private int preemptions;
    private bool started;
    private int bound = preemptionBound ?? 0;

    public string Name => "dfs";

    public bool IsFair => false;

    public int LearningIterations => 0;

    /// <summary>Schedules started so far.</summary>
    internal long Schedules { get; private set; }

    /// <summary>The preemption bound of the current tree: the fixed one, or where the iteration has got to.</summary>
    internal int Bound => bound;

    /// <summary>Whether the strategy iterates its bound (no fixed bound was given).</summary>
    internal bool Iterating => iterating;

    /// <summary>Schedules started in the current bound's tree: once it is exhausted without a cut, every schedule there is.</summary>
    internal long SchedulesAtBound { get; private set; }

    /// <summary>A schedule of the current tree was refused a preemption by the bound: a higher bound has more.</summary>
    internal bool CutByBound { get; private set; }

    /// <summary>
    /// The last schedule made fewer preemptions than the iterated bound: its unfair part is one a
    /// lower bound already ran, so a bug found there is a repeat.
    /// </summary>
    internal bool RepeatsLowerBound => iterating && preemptions < bound;

    public bool StartIteration(int iteration, ulong seed)
    {
        if (started && !Backtrack())
        {
            if (!iterating || !CutByBound || bound >= cap)
            {
                return false;
            }

            // Backtrack emptied the path: the next tree starts from the root with one more preemption allowed.
            bound++;
            CutByBound = false;
            SchedulesAtBound = 0;
        }

        started = true;
        cursor = 0;
        preemptions = 0;
        Schedules++;
        SchedulesAtBound++;
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
        if (step.PreviousEnabled && preemptions >= bound)
        {
            CutByBound |= step.Enabled.Length > 1;
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
