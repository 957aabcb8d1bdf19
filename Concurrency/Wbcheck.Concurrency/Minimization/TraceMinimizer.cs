using Wbcheck.Concurrency.Execution;
using Wbcheck.Concurrency.Lassos;
using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Concurrency.Traces;

namespace Wbcheck.Concurrency.Minimization;

/// <summary>
/// Shrinks a failing trace to one that fails the same way (same bug kind, same monitor, assertion
/// or exception type) with the fewest preemptions it can find, then the fewest steps: first
/// <see cref="PreemptionSearch"/> (DFS iterating its preemption bound from 0, below the trace's
/// count) finds a schedule of the bug with the fewest preemptions; then that trace is turned into
/// the few places where it departs from a default schedule (<see cref="GuidedStrategy"/>: let the
/// running thread go on, else the lowest id; choose 0), and Zeller's delta debugging (ddmin)
/// removes as many of those departures as it can, accepting a smaller set only when the bug stays
/// the same and the run has fewer preemptions, or as many and no more steps. Deterministic: no
/// randomness, a fixed order of candidates; the result is a recorded run, so it replays.
/// </summary>
internal static class TraceMinimizer
{
    /// <summary>
    /// Candidate runs at most for each pass of delta debugging and of step shrinking (not for the
    /// whole minimization: with <see cref="MaxRounds"/> rounds and the sampled preemptions a
    /// minimization may run several times this many; the timeout caps a huge trace).
    /// </summary>
    private const int MaxRuns = 4000;

    /// <summary>Rounds of step shrinking and delta debugging at most.</summary>
    private const int MaxRounds = 4;

    /// <param name="timeout">Stop searching after this long and keep the smallest trace found so far (the original if none).</param>
    /// <param name="searchPreemptions">Run the bounded search for fewer preemptions first (false: delta debugging alone, as before issue #19).</param>
    /// <param name="searchLassos">For a livelock of a program that declared shifted lassos, look for the shortest lasso first (<see cref="LassoSearch"/>).</param>
    /// <param name="shrinkConfiguration">Look for the lasso in the program's smaller configurations too (<see cref="ILassoConfigurations"/>); the shortest wins, and its trace records its configuration.</param>
    /// <param name="proveFewest">Where the bounded search ran out of budget, prove the count with the reduced search (<see cref="PreemptionProof"/>, seconds on a kernel scenario; the matrix leaves it out).</param>
    public static MinimizationResult Minimize(
        ITestProgram program, BugTrace trace, TimeSpan? timeout = null, bool searchPreemptions = true, bool searchLassos = true, bool shrinkConfiguration = false,
        bool proveFewest = true)
    {
        var deadline = Deadline.After(timeout);
        var replay = TraceReplayer.Replay(program, trace);
        if (!replay.Reproduced)
        {
            throw new InvalidOperationException($"cannot minimize a trace that does not replay: {replay.Divergence}");
        }

        var search = new MinimizationSearch(program, trace, deadline);
        var directives = search.Record();
        if (!search.OutOfTime && !search.Accepts(directives) && !search.OutOfTime)
        {
            throw new InvalidOperationException(
                "internal error: the default schedule with every recorded departure does not reproduce the trace");
        }

        // A livelock of a program that declared shifted lassos: the shortest lasso the paced
        // search finds is the answer (its fair phase is the point; delta debugging would undo it).
        if (searchLassos && !search.OutOfTime && search.Fair && trace.Bug.Kind == Bugs.BugKind.Livelock && search.DeclaredShiftedLassos &&
            ShortestLasso(program, trace, search, shrinkConfiguration ? program as ILassoConfigurations : null, deadline) is { } lasso)
        {
            return lasso;
        }

        PreemptionSearchResult? bounded = null;
        if (!search.OutOfTime && !search.Accepts([]))
        {
            if (searchPreemptions)
            {
                var before = search.Best;
                bounded = PreemptionSearch.Run(search);
                if (bounded is { Complete: false } && !search.Fair)
                {
                    PreemptionSampling.Run(search);
                }

                if (!ReferenceEquals(before, search.Best))
                {
                    directives = search.Record(search.Best.Steps);
                }
            }

            DeltaDebug(search, directives);
            if (!search.Fair)
            {
                ShrinkSteps(search);
            }

            if (proveFewest && bounded is { Complete: false } unproved && !search.Fair && !search.OutOfTime)
            {
                bounded = Prove(search, unproved);
            }
        }

        return Finish(program, trace, search, bounded);
    }

    /// <summary>
    /// The shortest lasso of the program's smaller configurations (smallest first) and of its own,
    /// each search cut where it could no longer beat the best so far; a later configuration
    /// (changing less, the program's own last) wins a tie. Null if none closes one.
    /// </summary>
    private static MinimizationResult? ShortestLasso(ITestProgram program, BugTrace trace, MinimizationSearch search, ILassoConfigurations? configurations, Deadline deadline)
    {
        (ITestProgram Program, MinimizationSearch Search)? best = null;
        var candidates = 0;
        var runs = 0;
        foreach (var smaller in configurations?.SmallerConfigurations() ?? [])
        {
            var variant = new MinimizationSearch(smaller, trace, deadline);
            if (LassoSearch.Run(variant, TieBound(best?.Search), out var tried))
            {
                best = (smaller, variant);
            }

            candidates += tried;
            runs += variant.Runs;
            if (variant.OutOfTime)
            {
                break;
            }
        }

        var own = 0;
        if (!search.OutOfTime && LassoSearch.Run(search, TieBound(best?.Search), out own))
        {
            best = (program, search);
        }

        candidates += own;
        if (best is not { } found)
        {
            return null;
        }

        var result = Finish(found.Program, trace, found.Search, null);
        return result with
        {
            Runs = runs + search.Runs,
            LassoCandidates = candidates,
            ChangedParameters = result.Trace.Parameters
                .Where(parameter => !trace.Parameters.TryGetValue(parameter.Key, out var was) || was != parameter.Value)
                .ToDictionary(StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Where the bounded search ran out of budget, prove the final trace's count the fewest with
    /// the reduced, stateful search (<see cref="PreemptionProof"/>), every schedule cut at twice
    /// its length plus 32 steps, as the bounded search cuts. A schedule of the bug with fewer
    /// preemptions met there is kept, delta debugging and step shrinking shorten it, and the
    /// proof runs again below its count: a proof that stopped at a better schedule proved
    /// nothing of it (direct-reclaim-writer-vs-fsync 4.13 on model 18: the bounded search left 2
    /// preemptions, the proof's 1-preemption tree held a schedule with 1, and its count was left
    /// unproved). Each round lowers the count, so it ends.
    /// </summary>
    internal static PreemptionSearchResult Prove(MinimizationSearch search, PreemptionSearchResult unproved)
    {
        var schedules = unproved.Schedules;
        while (true)
        {
            var limit = (2 * search.Best.Steps.Count) + 32;
            var before = search.BestPreemptions;
            var proof = PreemptionProof.Run(search, limit);
            schedules += proof.Schedules;
            if (proof.Proved)
            {
                return new PreemptionSearchResult(search.BestPreemptions - 1, schedules, Complete: true, StepLimit: limit, Reduced: true);
            }

            if (!proof.Found)
            {
                return unproved with { Schedules = schedules };
            }

            DeltaDebug(search, search.Record(search.Best.Steps));
            ShrinkSteps(search);
            if (search.OutOfTime || search.BestPreemptions >= before)
            {
                return unproved with { Schedules = schedules };
            }
        }
    }

    /// <summary>Lassos a later configuration must be shorter than: one step more than the best's, so it wins a tie.</summary>
    private static int TieBound(MinimizationSearch? best) => best is null ? int.MaxValue : best.Best.Steps.Count + 1;

    private static MinimizationResult Finish(ITestProgram program, BugTrace trace, MinimizationSearch search, PreemptionSearchResult? bounded)
    {
        var minimized = search.Best;
        var check = TraceReplayer.Replay(program, minimized);
        if (!check.Reproduced)
        {
            throw new InvalidOperationException($"internal error: the minimized trace does not replay: {check.Divergence}");
        }

        return new MinimizationResult(minimized, trace.Steps.Count, trace.Preemptions, search.Runs)
        {
            // A fair bug's switches after its fair step are not what the search minimizes: the
            // counts printed are those it keeps from rising (all of them, round-robin, can rise).
            Fair = search.Fair,
            OriginalCountedPreemptions = MinimizationResult.CountedPreemptionsOf(trace),
            TimedOut = search.OutOfTime,
            FewestPreemptionsProved = bounded is { Complete: true } || search.Best.Preemptions == 0 && !search.Fair,
            SearchedSchedules = bounded?.Schedules ?? 0,
            ProvedByReducedSearch = bounded is { Complete: true, Reduced: true },
            SearchedStepLimit = bounded?.StepLimit ?? 0,
        };
    }

    /// <summary>
    /// Remove steps (<see cref="StepShrinking"/>), then departures again from what that kept,
    /// while either gets the trace better: each leaves local minima the other can step out of.
    /// </summary>
    private static void ShrinkSteps(MinimizationSearch search)
    {
        for (var round = 0; round < MaxRounds && !search.OutOfTime && StepShrinking.Run(search, MaxRuns); round++)
        {
            var before = search.Best;
            DeltaDebug(search, search.Record(search.Best.Steps));
            if (ReferenceEquals(before, search.Best))
            {
                break;
            }
        }
    }

    /// <summary>ddmin over the directives: try each chunk alone, then each complement; refine the split when neither helps.</summary>
    private static void DeltaDebug(MinimizationSearch search, List<Directive> directives)
    {
        // Its own budget: the bounded search before it may have run many more schedules.
        var limit = search.Runs + MaxRuns;
        var current = directives;
        var granularity = 2;
        while (current.Count >= 2 && search.Runs < limit && !search.OutOfTime)
        {
            var chunks = Split(current, granularity);
            var reduced = chunks.FirstOrDefault(search.Accepts);
            if (reduced is not null)
            {
                current = reduced;
                granularity = 2;
                continue;
            }

            var complement = chunks.Count > 2
                ? chunks.Select(chunk => current.Except(chunk).ToList()).FirstOrDefault(search.Accepts)
                : null;
            if (complement is not null)
            {
                current = complement;
                granularity = Math.Max(granularity - 1, 2);
                continue;
            }

            if (granularity >= current.Count)
            {
                break;
            }

            granularity = Math.Min(granularity * 2, current.Count);
        }
    }

    private static List<List<Directive>> Split(List<Directive> items, int parts)
    {
        var chunks = new List<List<Directive>>(parts);
        var start = 0;
        for (var i = 0; i < parts; i++)
        {
            var end = items.Count * (i + 1) / parts;
            chunks.Add(items.GetRange(start, end - start));
            start = end;
        }

        return chunks;
    }
}
