using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency;

/// <summary>
/// The result of <see cref="TestingEngine.Run"/>. Everything but <see cref="Elapsed"/> depends
/// only on the program and the configuration (not on the worker count, unless a time budget cut
/// the run short).
/// </summary>
public sealed class TestReport
{
    public required string Program { get; init; }

    public required TestingConfiguration Configuration { get; init; }

    /// <summary>Iterations run for this shard (with stop-at-first-bug, up to the bug's).</summary>
    public required int Iterations { get; init; }

    /// <summary>Decisions taken in those iterations.</summary>
    public required long Steps { get; init; }

    /// <summary>The bugs found, by iteration; just the first with stop-at-first-bug.</summary>
    public required IReadOnlyList<BugTrace> Bugs { get; init; }

    public required StopReason StopReason { get; init; }

    /// <summary>
    /// Iterations an unfair strategy handed to fair random scheduling at the unfair-step bound. For
    /// DFS, a space "exhausted" with such cuts was only exhausted up to that depth.
    /// </summary>
    public required int CutAtUnfairBound { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>
    /// DFS without a fixed preemption bound: the bound it iterated to (the bug's, when it stopped at
    /// one) and whether schedules of more preemptions were left; null for every other run.
    /// </summary>
    public IteratedBound? Iterated { get; init; }

    /// <summary>DFS: schedules its reductions stopped early, and its visited-state table; null for other strategies.</summary>
    public SearchCounts? Search { get; init; }

    public bool FoundBug => Bugs.Count > 0;

    /// <summary>One paragraph, without timings, so it can be compared and snapshot.</summary>
    public string Summary()
    {
        var configuration = Configuration;
        var what = configuration.Strategy switch
        {
            "pct" => $"pct (depth {configuration.PctDepth})",
            "dfs" when configuration.PreemptionBound is { } bound => $"dfs (preemption bound {bound})",
            "dfs" when Iterated is { } iterated => $"dfs (preemption bound iterated 0-{iterated.Bound})",
            var name => name,
        };
        var shard = configuration.Shard.IsWhole ? "" : $", shard {configuration.Shard}";
        var text = $"{Program}: {what}, seed {configuration.Seed}{shard}: {Iterations} iterations, {Steps} steps";
        text += StopReason switch
        {
            StopReason.SpaceExhausted when Iterated is { } iterated => ExhaustedIterating(iterated),
            StopReason.SpaceExhausted when CutAtUnfairBound == 0 => $"; explored every schedule ({Iterations})",
            StopReason.SpaceExhausted =>
                $"; explored every schedule of the first {configuration.UnfairSteps} steps ({CutAtUnfairBound} " +
                "of them ran longer and continued at random)",
            StopReason.TimeBudget => "; stopped by the time budget",
            _ when Iterated is { } unfinished && Bugs.Count == 0 =>
                $"; bound {unfinished.Bound} not finished ({unfinished.SchedulesAtBound} of its schedules run)",
            _ => "",
        };
        text += SearchText();
        if (Bugs.Count == 0)
        {
            return text + "; no bug found";
        }

        var kinds = Bugs.GroupBy(b => (b.Bug.Kind, b.Bug.Source))
            .Select(g => $"{TraceNames.Of(g.Key.Kind)}{(g.Key.Source.Length > 0 ? $" ({g.Key.Source})" : "")} x{g.Count()}");
        return $"{text}; found {Bugs.Count} bug{(Bugs.Count == 1 ? "" : "s")}: {string.Join(", ", kinds)}; " +
               $"first: iteration {Bugs[0].Iteration}: {Bugs[0].Bug.Message}";
    }

    private string SearchText()
    {
        if (Search is not { } search)
        {
            return "";
        }

        var text = search.SleepBlocked == 0 ? "" : $"; {search.SleepBlocked} of them stopped early by sleep sets (reorderings of explored schedules)";
        if (search.TableCapacity > 0)
        {
            text += $"; stateful: {search.StatesPruned} stopped at a state already explored, {search.StatesStored} states stored " +
                    $"(hash compaction: 64-bit fingerprints, table of {search.TableCapacity})";
            text += search.StatesDropped == 0 ? "" : $", {search.StatesDropped} not stored for lack of room (their pruning lost)";
        }

        return text;
    }

    private string ExhaustedIterating(IteratedBound iterated)
    {
        var bound = iterated.Bound;
        var scope = iterated.PreemptionsLeft ? $" with at most {bound} preemption{(bound == 1 ? "" : "s")}" : "";
        var depth = CutAtUnfairBound == 0 ? "" : $" of the first {Configuration.UnfairSteps} steps";
        var runs = bound == 0 ? "" : $", in {Iterations} runs over bounds 0-{bound}, each bound re-running the lower bounds' schedules";
        var cut = CutAtUnfairBound == 0 ? "" : $"; {CutAtUnfairBound} runs went on past the steps and continued at random";
        var left = iterated.PreemptionsLeft ? "; schedules with more preemptions were not explored" : "";
        return $"; explored every schedule{scope}{depth} ({iterated.SchedulesAtBound}{runs}{cut}){left}";
    }
}
