using Wbcheck.Concurrency.Runtime;

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
/// <para>
/// With <paramref name="reduce"/>, partial-order reduction by sleep sets (Godefroid 1996;
/// Flanagan and Godefroid, POPL 2005, without their persistent-set backtracking): once a branch's
/// option t is explored, t sleeps in the later options' subtrees until a step dependent with
/// t's (by <see cref="Footprint"/>) runs, and a schedule whose every allowed thread sleeps stops
/// there. Of each class of schedules that differ only in the order of independent steps, one is
/// run to its end; the others stop where they would start to repeat it. With a preemption bound, a
/// subtree the bound cut may lack the reordered schedule (Coons et al., OOPSLA 2013), so its thread
/// is put to sleep only where the reordering costs no preemption more (the previous thread going
/// on, or a thread that cannot run right after its step: <see cref="SleepsAfterBoundCut"/>).
/// Programs that do not report footprints have only global steps, and nothing is reduced.
/// </para>
/// <para>
/// With <paramref name="visited"/>, stateful search: at each new state where the schedule
/// branches (more than one thread may run), a schedule that reaches a state visits already
/// explored stops there (<see cref="VisitedStates"/>): a visit whose subtree was explored whole
/// covers any later one with no thread awake that slept then (Godefroid's rule for sleep sets
/// with state caching, sound whatever the depth, preemptions or path), a visit that was cut
/// covers only one that could run no schedule it could not (no more preemptions left, one fewer
/// with another thread last; no shallower, unless no schedule below it reached the end of DFS's
/// part: <see cref="CutVisitRule"/>) and no thread awake that slept then. A visit is complete when its branch is popped with nothing
/// below it cut: no preemption refused, no schedule past DFS's part or stopped at a bug, no prune
/// at a cut visit, and no cycle back to a state above it whose own visit is still open. The
/// first visit may be on the current path (a cycle); either way its continuations are, or will
/// be, explored from it.
/// </para>
/// <para>
/// Stateful search with DPOR: the pruned continuations' steps did not run on this path, so their
/// races with its steps were not seen. Each state keeps a summary of what its subtree's steps
/// touched, per thread (<see cref="SubtreeSummary"/>); a prune runs those races as if the steps
/// came next and adds their backtrack points (Yang, Chen, Gopalakrishnan and Kirby, SPIN 2008).
/// Where no exact summary is kept, every branch above takes every option (<see cref="RevisitRule"/>).
/// </para>
/// </summary>
internal sealed class DfsStrategy(
    int? preemptionBound,
    int cap,
    bool reduce = true,
    VisitedStates? visited = null,
    DporMode dpor = DporMode.Off,
    bool conservativeBacktracks = true,
    RevisitRule revisits = RevisitRule.Summaries,
    PrefixReplay prefixReplay = PrefixReplay.Checkpoint,
    SleepUnderBound sleepUnderBound = SleepUnderBound.FreeReorderings,
    ChoiceFootprint choiceFootprints = ChoiceFootprint.PerValue,
    WakeupInsertion wakeupInsertion = WakeupInsertion.Exact) : ISchedulingStrategy
{
    /// <summary>Memory the subtree summaries of stateful DPOR may take.</summary>
    private const long SummaryBudgetBytes = 64L << 20;

    private readonly bool iterating = preemptionBound is null;
    private readonly RaceDetector? races = reduce && dpor != DporMode.Off
        ? new RaceDetector(keepFootprints: dpor == DporMode.Optimal || (visited is not null && revisits == RevisitRule.Summaries))
        : null;

    // Optimal DPOR: per option, its wakeup-tree node (the sequence to follow once it is taken;
    // null for an option added without one) and when it was asked for (the earliest is taken
    // first); the children of the node the schedule follows now (null: none, take the default);
    // the reversal being inserted.
    private readonly List<WakeupNode?> optionWakeup = [];
    private readonly List<long> optionAsked = [];
    private long asked;
    private List<WakeupNode>? following;
    private readonly WakeupSequence reversal = new(wakeupInsertion);
    private Footprint racingFootprint;

    // Stateful DPOR: the summaries of explored states' subtrees, and per branch on the path the
    // summary of what ran below it so far (see SubtreeSummary); null without DPOR or state.
    private readonly SubtreeSummaries? summaries =
        reduce && dpor != DporMode.Off && visited is not null && revisits == RevisitRule.Summaries ? new SubtreeSummaries(SummaryBudgetBytes) : null;
    private readonly List<SubtreeSummary> below = [];
    private readonly Stack<SubtreeSummary> spareSummaries = [];
    private Action<int>? onPendingRace;
    private int pendingThread;
    private readonly List<bool> optionExplored = [];
    private readonly List<bool> optionBacktrack = [];
    private readonly List<bool> optionIncomplete = [];
    private Action<int>? onRace;
    private readonly List<DfsBranch> path = [];
    private readonly List<int> pool = [];
    private readonly List<Footprint> optionFootprints = [];
    private readonly List<bool> optionCut = [];

    // Per option: its subtree was cut by something other than the bound (a bug, a prune at a visit
    // cut so, a cycle); its thread could not run right after its step (SleepsAfterBoundCut). The
    // option whose step just ran for the first time, whose thread the next step tells about.
    private readonly List<bool> optionOtherCut = [];
    private readonly List<bool> optionBlocks = [];
    private int blockCheckOption = -1;
    private int blockCheckThread;

    // The option's step was run before in this branch with another choice: its thread counts as
    // unable to run after its step only if it was so after every value's (SleepsAfterBoundCut).
    private bool blockCheckAll;
    private readonly List<bool> optionFootprintsSet = [];
    private readonly List<SleepEntry> sleepPool = [];
    private readonly List<SleepEntry> sleep = [];

    // Stateful search, per branch on the path: the state's fingerprint and the claim its visit was
    // recorded with (null where the branch was not looked up), and whether its subtree was cut.
    private readonly List<ulong> visitFingerprints = [];
    private readonly List<VisitClaim?> visitClaims = [];
    private readonly List<bool> visitCut = [];
    private readonly List<bool> visitDepthBound = [];
    private ulong arrivedFingerprint;
    private VisitClaim? arrivedClaim;
    private int[] allowed = new int[8];
    private int cursor;
    private int preemptions;
    private bool started;
    private int bound = preemptionBound ?? 0;

    // The prefix a schedule shares with the last one, run from a checkpoint (PrefixReplay): the
    // thread each step of the last schedule ran and a digest of the threads enabled before it;
    // the steps run so far in this schedule; how many of its first steps are the shared prefix
    // run without footprints; the thread branch the prefix ends at (-1: none); whether the step
    // being run is one of the prefix's.
    private int[] ranThreads = new int[64];
    private ulong[] ranEnabled = new ulong[64];
    private int stepsRun;
    private int replayUntil;
    private int replayBranch = -1;
    private bool replaying;

    // Only a reducing search replays a prefix (PlanReplay); the others need not record one.
    private bool RecordsPrefix => reduce && prefixReplay != PrefixReplay.Rerun;

    // The branch whose chosen option's footprint the next StepRan records, or -1.
    private int pendingBranch = -1;

    // Branches path[0..cutBelow) had their chosen option's subtree cut in this schedule (a bug, a state already explored).
    private int cutBelow;

    // Branches path[0..boundCutBelow) had their chosen option's subtree cut by the preemption bound in this schedule.
    private int boundCutBelow;

    // Branches path[0..incompleteBelow) had their chosen option's subtree not run to its end (DPOR: see NextOption).
    private int incompleteBelow;

    // Branches path[0..limitedBelow) had a schedule below them cut (stateful search: see VisitedStates).
    private int limitedBelow;

    // Branches path[0..depthBoundBelow) had a schedule below them that reached the end of DFS's part,
    // or may have (a bug, a cycle, a prune at a visit whose depth mattered): their depth matters.
    private int depthBoundBelow;

    // DPOR: the branch the next step is taken at (-1: none), the thread whose step is being checked
    // for races, the branch Backtrack changed and whether the schedule has reached it (races among
    // the steps before it were found by the schedules that ran them first).
    private int stepBranch = -1;
    private int racingThread;
    private int changedBranch = -1;
    private bool detecting = true;

    public string Name => "dfs";

    public bool IsFair => false;

    public bool WantsFootprints => reduce && !replaying;

    public bool Replaying => replaying;

    public int LearningIterations => 0;

    /// <summary>Schedules stopped early because every thread allowed to run was asleep (reduction).</summary>
    internal long SleepBlocked { get; private set; }

    /// <summary>
    /// Optimal DPOR: wakeup sequences given up because the thread they name could not run where
    /// they name it (the bound refused it, it slept, or a choice took another value than the race's).
    /// </summary>
    internal long WakeupsDropped { get; private set; }

    /// <summary>Schedules stopped at a state already explored (stateful search).</summary>
    internal long StatesPruned { get; private set; }

    /// <summary>The visited-state table of stateful search, or null.</summary>
    internal VisitedStates? Visited => visited;

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
        MarkCuts();
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
        blockCheckOption = -1;
        cursor = 0;
        preemptions = 0;
        pendingBranch = -1;
        cutBelow = 0;
        incompleteBelow = 0;
        limitedBelow = 0;
        depthBoundBelow = 0;
        sleep.Clear();
        following = null;
        PlanReplay();
        detecting = changedBranch < 0;
        Schedules++;
        SchedulesAtBound++;
        return true;
    }

    public int NextThread(in SchedulingStep step)
    {
        if (blockCheckOption >= 0)
        {
            var blocks = !step.Enabled.Contains(blockCheckThread);
            optionBlocks[blockCheckOption] = blockCheckAll ? optionBlocks[blockCheckOption] && blocks : blocks;
            blockCheckOption = -1;
        }

        pendingBranch = -1;
        stepBranch = -1;
        if (stepsRun < replayUntil)
        {
            return Ran(ReplayedThread(step), step);
        }

        replaying = false;
        if (stepsRun == replayUntil && replayBranch >= 0)
        {
            // The prefix ends at this thread branch: the threads asleep when the last schedule
            // arrived here are those it recorded (the same steps ran before it since).
            var branch = path[replayBranch];
            sleep.Clear();
            for (var i = 0; i < branch.SleepCount; i++)
            {
                sleep.Add(sleepPool[branch.SleepOffset + i]);
            }
        }

        var chosen = NextThreadRun(step);
        return chosen == ISchedulingStrategy.Stop ? chosen : Ran(chosen, step);
    }

    /// <summary>The step <paramref name="step"/> runs <paramref name="thread"/>: kept for the next schedule's prefix, if it may replay one.</summary>
    private int Ran(int thread, in SchedulingStep step)
    {
        if (!RecordsPrefix)
        {
            stepsRun++;
            return thread;
        }

        if (ranThreads.Length <= stepsRun)
        {
            Array.Resize(ref ranThreads, ranThreads.Length * 2);
            Array.Resize(ref ranEnabled, ranEnabled.Length * 2);
        }

        ranThreads[stepsRun] = thread;
        ranEnabled[stepsRun] = Digest(step.Enabled);
        stepsRun++;
        return thread;
    }

    /// <summary>
    /// A step of the prefix the schedule shares with the last one: the thread that ran it then,
    /// without a sleep set or race detection (their state where the prefix ends is restored, not
    /// recomputed), passing the thread branches it meets.
    /// </summary>
    private int ReplayedThread(in SchedulingStep step)
    {
        replaying = true;
        var chosen = ranThreads[stepsRun];
        if (Digest(step.Enabled) != ranEnabled[stepsRun] || !step.Enabled.Contains(chosen))
        {
            throw Nondeterministic(step.Index, Describe(step.Enabled), $"other threads enabled (it ran T{chosen})");
        }

        if (cursor < path.Count && !path[cursor].IsChoice && path[cursor].Step == stepsRun)
        {
            var branch = path[cursor++];
            if (pool[branch.Offset + branch.Chosen] != chosen)
            {
                throw Nondeterministic(step.Index, $"T{chosen}", DescribeRecorded(branch));
            }
        }

        if (step.PreviousEnabled && chosen != step.Previous)
        {
            preemptions++;
        }

        return chosen;
    }

    /// <summary>
    /// Where this schedule's prefix, shared with the last one, ends: at the last thread branch at
    /// or above the branch Backtrack changed, whose sleep set was recorded (a choice changed below
    /// it is made during a later step, which runs with its footprint as before). The race
    /// detector is cut back to the steps before it.
    /// </summary>
    private void PlanReplay()
    {
        stepsRun = 0;
        replayUntil = 0;
        replayBranch = -1;
        replaying = false;
        if (RecordsPrefix && changedBranch >= 0)
        {
            for (var i = changedBranch; i >= 0; i--)
            {
                if (!path[i].IsChoice)
                {
                    replayBranch = i;
                    replayUntil = path[i].Step;
                    break;
                }
            }
        }

        if (prefixReplay == PrefixReplay.CheckpointForgetsPrefix)
        {
            races?.Clear();
        }
        else
        {
            races?.TruncateTo(replayUntil);
        }
    }

    /// <summary>A digest of an enabled set, to check that a replayed prefix meets the threads it met before.</summary>
    private static ulong Digest(ReadOnlySpan<int> enabled)
    {
        var digest = 0xCBF29CE484222325UL;
        foreach (var id in enabled)
        {
            digest = (digest ^ (ulong)id) * 0x100000001B3UL;
        }

        return digest ^ (ulong)enabled.Length;
    }

    private int NextThreadRun(in SchedulingStep step)
    {
        races?.BeforeStep(step.Enabled);
        var count = FillAllowed(step);

        // Only where the schedule branches: a state with one way on leads to the next such state,
        // which is looked up in its place, at a fraction of the fingerprints.
        arrivedClaim = null;
        if (visited is not null && count > 1 && cursor == path.Count && SeenBefore(step))
        {
            StatesPruned++;
            return ISchedulingStrategy.Stop;
        }

        int chosen;
        if (cursor < path.Count && !path[cursor].IsChoice && count > 1)
        {
            var index = cursor++;
            var branch = path[index];
            if (!Matches(branch, count))
            {
                throw Nondeterministic(step.Index, Describe(allowed.AsSpan(0, count)), DescribeRecorded(branch));
            }

            chosen = pool[branch.Offset + branch.Chosen];
            stepBranch = index;
            detecting |= index == changedBranch;
            if (index == changedBranch && dpor == DporMode.Optimal)
            {
                // The option Backtrack took: follow its wakeup sequence, if it has one.
                following = optionWakeup[branch.Offset + branch.Chosen]?.Children;
            }

            EnterOption(index, branch);
        }
        else if (cursor < path.Count && count > 1)
        {
            throw Nondeterministic(step.Index, Describe(allowed.AsSpan(0, count)), DescribeRecorded(path[cursor]));
        }
        else if (count > 1)
        {
            var first = FollowAt(count);
            var branch = new DfsBranch(false, pool.Count, count, first, sleepPool.Count, sleep.Count, stepsRun, step.PreviousEnabled && allowed[0] == step.Previous);
            sleepPool.AddRange(sleep);
            path.Add(branch);
            AddVisit(arrivedClaim);
            pool.AddRange(allowed.AsSpan(0, count));
            for (var i = 0; i < count; i++)
            {
                optionFootprints.Add(Footprint.Everything);
                optionFootprintsSet.Add(false);
                optionCut.Add(false);
                optionOtherCut.Add(false);
                optionBlocks.Add(false);
                optionExplored.Add(i == first);
                optionBacktrack.Add(i == first);
                optionIncomplete.Add(false);
                optionWakeup.Add(null);
                optionAsked.Add(long.MaxValue);
            }

            GrowFromFollowed(branch);
            chosen = allowed[first];
            stepBranch = cursor;
            detecting = true;
            EnterOption(cursor++, branch);
        }
        else if (count == 1)
        {
            chosen = allowed[0];
            if (following is not null)
            {
                following = Followed(chosen);
            }
        }
        else
        {
            // Every thread allowed here sleeps: each continuation was explored from an earlier branch.
            SleepBlocked++;
            return ISchedulingStrategy.Stop;
        }

        if (step.PreviousEnabled && chosen != step.Previous)
        {
            preemptions++;
        }

        return chosen;
    }

    public void StepRan(int threadId, in Footprint footprint)
    {
        if (pendingBranch >= 0)
        {
            var branch = path[pendingBranch];
            var option = branch.Offset + branch.Chosen;
            // Set when the option is first taken; a replay of the prefix runs the same step. A step
            // that makes a choice runs again, in the same subtree, for each value: its thread
            // sleeps in later options for every value, so it keeps the union of their footprints,
            // all run before a later option is entered (ChoiceFootprint).
            if (optionFootprints[option].Global && !optionFootprintsSet[option])
            {
                optionFootprints[option] = footprint.Copy();
                optionFootprintsSet[option] = true;
                blockCheckOption = option;
                blockCheckThread = threadId;
                blockCheckAll = false;
            }
            else if (choiceFootprints == ChoiceFootprint.PerValue && optionFootprintsSet[option])
            {
                optionFootprints[option] = Footprint.Union(optionFootprints[option], footprint);
                blockCheckOption = option;
                blockCheckThread = threadId;
                blockCheckAll = true;
            }

            pendingBranch = -1;
        }

        if (summaries is not null && cursor > 0 && cursor - 1 >= changedBranch)
        {
            // A step of the subtree of the deepest branch (a replayed step is in it already).
            below[cursor - 1].Add(threadId, footprint, summaries.Union);
        }

        if (races is not null)
        {
            racingThread = threadId;
            racingFootprint = footprint;
            races.StepRan(threadId, footprint, stepBranch, detecting, onRace ??= AddBacktrack);
            stepBranch = -1;
        }

        if (sleep.Count == 0)
        {
            return;
        }

        // A sleeping thread wakes when a step dependent with its own runs.
        var awake = 0;
        for (var i = 0; i < sleep.Count; i++)
        {
            if (Footprint.Independent(sleep[i].Footprint, footprint))
            {
                sleep[awake++] = sleep[i];
            }
        }

        sleep.RemoveRange(awake, sleep.Count - awake);
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

            detecting |= cursor - 1 == changedBranch;

            return branch.Chosen;
        }

        path.Add(new DfsBranch(true, 0, choice.Count, 0));
        AddVisit(null);
        cursor++;
        detecting = true;
        return 0;
    }

    /// <summary>Cut the path back to the deepest branch with an untried option and take it; false when none is left.</summary>
    private bool Backtrack()
    {
        // Branches past the cursor were not reached by the last run (it stopped at a bug).
        while (path.Count > cursor)
        {
            Pop(explored: false);
        }

        while (path.Count > 0)
        {
            var last = path[^1];
            var next = NextOption(last);
            if (next >= 0)
            {
                if (!last.IsChoice)
                {
                    optionExplored[last.Offset + next] = true;
                }

                path[^1] = last with { Chosen = next };
                changedBranch = path.Count - 1;
                return true;
            }

            Pop(explored: true);
        }

        changedBranch = -1;
        return false;
    }

    /// <summary>Drop the deepest branch; <paramref name="explored"/> when every option it had to take was taken.</summary>
    private void Pop(bool explored)
    {
        if (visitClaims[^1] is { } claim)
        {
            visited!.Finish(visitFingerprints[^1], claim, explored && !visitCut[^1], depthFree: !visitDepthBound[^1]);
        }

        if (summaries is not null)
        {
            var summary = below[^1];
            summary.Exact &= explored;
            if (visitClaims[^1] is not null)
            {
                summaries.Add(visitFingerprints[^1], summary);
            }

            if (below.Count > 1)
            {
                below[^2].Merge(summary, summaries.Union);
            }

            summary.Clear();
            spareSummaries.Push(summary);
            below.RemoveAt(below.Count - 1);
        }

        visitFingerprints.RemoveAt(visitFingerprints.Count - 1);
        visitClaims.RemoveAt(visitClaims.Count - 1);
        visitCut.RemoveAt(visitCut.Count - 1);
        visitDepthBound.RemoveAt(visitDepthBound.Count - 1);
        var last = path[^1];
        if (!last.IsChoice)
        {
            pool.RemoveRange(last.Offset, last.Count);
            optionFootprints.RemoveRange(last.Offset, last.Count);
            optionFootprintsSet.RemoveRange(last.Offset, last.Count);
            optionCut.RemoveRange(last.Offset, last.Count);
            optionOtherCut.RemoveRange(last.Offset, last.Count);
            optionBlocks.RemoveRange(last.Offset, last.Count);
            optionExplored.RemoveRange(last.Offset, last.Count);
            optionBacktrack.RemoveRange(last.Offset, last.Count);
            optionIncomplete.RemoveRange(last.Offset, last.Count);
            optionWakeup.RemoveRange(last.Offset, last.Count);
            optionAsked.RemoveRange(last.Offset, last.Count);
            sleepPool.RemoveRange(last.SleepOffset, last.SleepCount);
        }

        path.RemoveAt(path.Count - 1);
    }

    /// <summary>
    /// Take option <paramref name="branch"/>.Chosen at path[<paramref name="index"/>]: its sleep set
    /// is the branch's own plus the options explored before it whose subtrees the bound did not
    /// cut, each kept asleep only if independent of the chosen step (filtered once it has run).
    /// </summary>
    private void EnterOption(int index, DfsBranch branch)
    {
        if (!reduce)
        {
            return;
        }

        pendingBranch = index;
        sleep.Clear();
        for (var i = 0; i < branch.SleepCount; i++)
        {
            sleep.Add(sleepPool[branch.SleepOffset + i]);
        }

        for (var i = 0; i < branch.Count; i++)
        {
            var option = branch.Offset + i;
            if (i != branch.Chosen && optionExplored[option] && (!optionCut[option] || SleepsAfterBoundCut(branch, i)) && !optionFootprints[option].Global)
            {
                sleep.Add(new SleepEntry(pool[option], optionFootprints[option]));
            }
        }
    }

    /// <summary>
    /// Whether option <paramref name="i"/> of <paramref name="branch"/>, whose subtree was cut,
    /// sleeps in the later options' subtrees. Only a cut by the bound (a bug, a prune at a visit
    /// cut otherwise or a cycle keep it awake, as before), and with
    /// <see cref="SleepUnderBound.FreeReorderings"/> only where moving its step t to the front of a
    /// schedule u..t.. (t's step independent of everything before it) never costs a preemption
    /// more, so that the reordered schedule is within the bound whenever u..t.. is, and t's subtree
    /// ran it: u costs a preemption at the branch when the previous thread p could go on; t u ..
    /// costs one at t only when t is not p, and one after t only when t can still run there; what
    /// follows costs no more (a switch into t and out of it is replaced by at most one). So t
    /// sleeps when it is p, or when its thread could not run right after its step.
    /// </summary>
    private bool SleepsAfterBoundCut(DfsBranch branch, int i)
    {
        var option = branch.Offset + i;
        return sleepUnderBound switch
        {
            SleepUnderBound.FreeReorderings => !optionOtherCut[option] && ((i == 0 && branch.FreeFirst) || optionBlocks[option]),
            SleepUnderBound.EveryOption => !optionOtherCut[option],
            _ => false,
        };
    }

    /// <summary>The last schedule stopped at a bug: the subtrees it was in were not explored past it.</summary>
    internal void StoppedAtBug()
    {
        Unsummarised();
        cutBelow = Math.Max(cutBelow, cursor);
        limitedBelow = Math.Max(limitedBelow, cursor);
        depthBoundBelow = Math.Max(depthBoundBelow, cursor);
    }

    /// <summary>
    /// The last schedule went on past DFS's part (into the fair phase, or to the step limit): for
    /// DPOR, the subtrees it was in are unfinished, since the races of the steps DFS did not see
    /// were not looked for.
    /// </summary>
    internal void LeftUnfinished()
    {
        Unsummarised();
        incompleteBelow = Math.Max(incompleteBelow, cursor);
        limitedBelow = Math.Max(limitedBelow, cursor);
        depthBoundBelow = Math.Max(depthBoundBelow, cursor);
    }

    /// <summary>
    /// Record, for every branch above a point the last schedule was cut at, that its chosen subtree
    /// was cut (its thread is not put to sleep), and for DPOR that it was not run to its end when
    /// anything but the bound cut it (the bound's cuts are made up for by conservative points).
    /// </summary>
    private void MarkCuts()
    {
        for (var i = 0; i < Math.Max(cutBelow, boundCutBelow) && i < path.Count; i++)
        {
            if (!path[i].IsChoice)
            {
                optionCut[path[i].Offset + path[i].Chosen] = true;
            }
        }

        for (var i = 0; i < cutBelow && i < path.Count; i++)
        {
            if (!path[i].IsChoice)
            {
                optionOtherCut[path[i].Offset + path[i].Chosen] = true;
            }
        }

        for (var i = 0; i < Math.Max(cutBelow, incompleteBelow) && i < path.Count; i++)
        {
            if (!path[i].IsChoice)
            {
                optionIncomplete[path[i].Offset + path[i].Chosen] = true;
            }
        }

        for (var i = 0; i < limitedBelow && i < path.Count; i++)
        {
            visitCut[i] = true;
        }

        for (var i = 0; i < depthBoundBelow && i < path.Count; i++)
        {
            visitDepthBound[i] = true;
        }

        cutBelow = 0;
        boundCutBelow = 0;
        incompleteBelow = 0;
        limitedBelow = 0;
        depthBoundBelow = 0;
    }

    /// <summary>
    /// The option of <paramref name="branch"/> to take next, or -1. A choice takes every value in
    /// turn; so does a thread branch without DPOR. With DPOR a thread branch takes only the options
    /// races asked for (its backtrack set), unless the subtree of an option it took was not run to
    /// its end for a reason other than the preemption bound (a state already explored or a bug
    /// stopped it, or it went on past DFS's part): the races there were not all seen, so every
    /// option is taken, as without DPOR. A subtree the bound cut needs no such fallback: its races
    /// were all seen (a thread refused a preemption still runs later in the schedule), and
    /// <see cref="AddBacktrack"/> adds the conservative points that the bound makes necessary.
    /// </summary>
    private int NextOption(DfsBranch branch)
    {
        if (branch.IsChoice || races is null)
        {
            return branch.Chosen + 1 < branch.Count ? branch.Chosen + 1 : -1;
        }

        var full = false;
        for (var i = 0; i < branch.Count; i++)
        {
            full |= optionExplored[branch.Offset + i] && optionIncomplete[branch.Offset + i];
        }

        var pick = -1;
        for (var i = 0; i < branch.Count; i++)
        {
            var option = branch.Offset + i;
            if (!optionExplored[option] && (full || optionBacktrack[option]))
            {
                if (full || dpor != DporMode.Optimal)
                {
                    return i;
                }

                // Optimal DPOR: the wakeup tree's leftmost child, the one asked for first.
                if (pick < 0 || optionAsked[option] < optionAsked[branch.Offset + pick])
                {
                    pick = i;
                }
            }
        }

        return pick;
    }

    /// <summary>
    /// A race between step <paramref name="earlier"/> and the step <see cref="racingThread"/> just
    /// ran: ask the branch before the earlier step to try a thread that reverses it (no branch
    /// there: every other thread slept, so the reversal's schedules were explored from an earlier
    /// branch, or the bound allowed one thread). Under a preemption bound, also ask the branch
    /// where the earlier step's thread was switched in to try the racing thread (Coons, Musuvathi
    /// and McKinley, OOPSLA 2013, bounded partial-order reduction): reversing the race where it
    /// is costs a preemption (the earlier step's thread was running and could go on) that the
    /// bound may refuse there or further down, while running the racing thread in its place at
    /// that switch costs none the schedule did not already make.
    /// </summary>
    private void AddBacktrack(int earlier)
    {
        var index = races!.BranchBefore(earlier);
        if (index >= 0)
        {
            AddReversal(index, earlier);
        }

        // Before the bound first cuts a schedule of the tree, none is needed (DPOR's own guarantee
        // holds where the bound changes nothing); the first cut makes up for the races before it.
        if (!conservativeBacktracks || !CutByBound)
        {
            return;
        }

        var switchedIn = races.RunStart(earlier);
        var conservative = switchedIn == earlier ? -1 : races.BranchBefore(switchedIn);
        if (conservative >= 0 && conservative != index)
        {
            // The racing thread, or every thread when it could not run there (as Flanagan and
            // Godefroid do when the racing thread is not enabled at the branch).
            AddThreadOrAll(path[conservative], racingThread);
        }
    }

    /// <summary>The backtrack set of branch path[<paramref name="index"/>] gains a thread that reverses the race with <paramref name="earlier"/>.</summary>
    private void AddReversal(int index, int earlier)
    {
        var branch = path[index];
        if (dpor == DporMode.FlanaganGodefroid || (CutByBound && conservativeBacktracks))
        {
            // The racing thread; if it could not run there (or slept there): every thread.
            AddThreadOrAll(branch, racingThread);
            return;
        }

        if (dpor == DporMode.Optimal)
        {
            InsertWakeup(index, earlier);
            return;
        }

        // Source sets: one initial of the reversal is enough, and none is needed when the branch
        // already tries one (a sleeping one too: its schedules were explored from an earlier
        // branch). An initial that could not run at the branch (blocked there) does not count.
        var pick = -1;
        var initials = races!.InitialsOf(earlier, racingThread);
        foreach (var thread in initials)
        {
            var option = OptionOf(branch, thread);
            if (option < 0)
            {
                continue;
            }

            if (optionBacktrack[branch.Offset + option])
            {
                return;
            }

            if (pick < 0 || thread == racingThread)
            {
                pick = option;
            }
        }

        for (var i = 0; i < branch.Count; i++)
        {
            // No initial that can run at the branch: every thread, to stay sound.
            if (pick < 0 || i == pick)
            {
                optionBacktrack[branch.Offset + i] = true;
            }
        }
    }

    /// <summary>
    /// Optimal DPOR: insert the reversal of the race between step <paramref name="earlier"/> and the
    /// step <see cref="racingThread"/> just ran into the wakeup tree of branch path[<paramref name="index"/>]
    /// (Abdulla, Aronis, Jonsson and Sagonas, JACM 2017, Algorithm 2): nothing when a thread asleep
    /// there or an option explored there covers it (its class was explored from there); else down
    /// the options asked for and not yet taken, leftmost first (<see cref="WakeupSequence"/>); else
    /// as a new option with the reversal's steps to follow. A thread the reversal starts with that
    /// cannot run at the branch (it cannot happen: the reversal's first step was runnable there)
    /// makes the branch take every option, as source sets do.
    /// </summary>
    private void InsertWakeup(int index, int earlier)
    {
        var branch = path[index];
        races!.ReversalOf(earlier, racingThread, racingFootprint, reversal);
        for (var i = 0; i < branch.SleepCount; i++)
        {
            var entry = sleepPool[branch.SleepOffset + i];
            if (reversal.Match(entry.Thread, entry.Footprint, known: true) != WakeupSequence.NoMatch)
            {
                return;
            }
        }

        for (var i = 0; i < branch.Count; i++)
        {
            var option = branch.Offset + i;
            if (i != branch.Chosen && optionExplored[option]
                && reversal.Match(pool[option], optionFootprints[option], known: optionFootprintsSet[option]) != WakeupSequence.NoMatch)
            {
                return;
            }
        }

        var taken = 0UL;
        while (true)
        {
            // The wakeup tree's children are the options asked for and not yet taken, in the order asked.
            var next = -1;
            for (var i = 0; i < branch.Count && i < 64; i++)
            {
                var option = branch.Offset + i;
                if (optionBacktrack[option] && !optionExplored[option] && (taken & (1UL << i)) == 0
                    && (next < 0 || optionAsked[option] < optionAsked[branch.Offset + next]))
                {
                    next = i;
                }
            }

            if (next < 0)
            {
                break;
            }

            taken |= 1UL << next;
            var node = optionWakeup[branch.Offset + next];
            var match = reversal.Match(pool[branch.Offset + next], node?.Footprint ?? Footprint.Everything, known: node is not null);
            if (match != WakeupSequence.NoMatch)
            {
                reversal.Remove(match);
                if (node is not null)
                {
                    reversal.InsertBelow(node);
                }

                return;
            }
        }

        var own = OptionOf(branch, reversal.FirstThread());
        if (own < 0)
        {
            AddThreadOrAll(branch, -1);
            return;
        }

        optionBacktrack[branch.Offset + own] = true;
        optionWakeup[branch.Offset + own] = reversal.Chain();
        optionAsked[branch.Offset + own] = asked++;
    }

    /// <summary>
    /// Optimal DPOR, at a new branch of <paramref name="count"/> allowed threads: the option to take
    /// first, the first node followed whose thread is allowed (0 when none is followed).
    /// </summary>
    private int FollowAt(int count)
    {
        if (following is null)
        {
            return 0;
        }

        foreach (var node in following)
        {
            for (var i = 0; i < count; i++)
            {
                if (allowed[i] == node.Thread)
                {
                    return i;
                }
            }
        }

        return 0;
    }

    /// <summary>
    /// Optimal DPOR: a new branch met while following a wakeup tree takes the followed nodes as
    /// its options asked for (the tree's subtree at this state), and the schedule follows on below
    /// the one it takes. A node whose thread cannot run here is given up.
    /// </summary>
    private void GrowFromFollowed(DfsBranch branch)
    {
        if (following is null)
        {
            return;
        }

        foreach (var node in following)
        {
            var own = OptionOf(branch, node.Thread);
            if (own < 0)
            {
                WakeupsDropped++;
                continue;
            }

            optionBacktrack[branch.Offset + own] = true;
            optionWakeup[branch.Offset + own] = node;
            optionAsked[branch.Offset + own] = asked++;
        }

        following = optionWakeup[branch.Offset + branch.Chosen]?.Children;
    }

    /// <summary>Optimal DPOR, where one thread may run: the followed nodes below its node, the others given up.</summary>
    private List<WakeupNode>? Followed(int thread)
    {
        List<WakeupNode>? below = null;
        foreach (var node in following!)
        {
            if (node.Thread == thread)
            {
                below = node.Children;
            }
            else
            {
                WakeupsDropped++;
            }
        }

        return below is { Count: > 0 } ? below : null;
    }

    private void AddThreadOrAll(DfsBranch branch, int thread)
    {
        var own = OptionOf(branch, thread);
        for (var i = 0; i < branch.Count; i++)
        {
            if ((own < 0 || i == own) && !optionBacktrack[branch.Offset + i])
            {
                optionBacktrack[branch.Offset + i] = true;
                optionAsked[branch.Offset + i] = asked++;
            }
        }
    }

    private int OptionOf(DfsBranch branch, int thread)
    {
        for (var i = 0; i < branch.Count; i++)
        {
            if (pool[branch.Offset + i] == thread)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The threads this step may run: the previous one first (the schedule without a preemption), then the others.</summary>
    private int FillAllowed(in SchedulingStep step)
    {
        if (step.PreviousEnabled && preemptions >= bound)
        {
            if (step.Enabled.Length > 1)
            {
                if (!CutByBound && conservativeBacktracks)
                {
                    // The tree's first cut: the races seen so far added no conservative points
                    // (AddBacktrack), so the branches on the path take every option; the
                    // branches already popped had no cut below them, where DPOR needs none.
                    incompleteBelow = Math.Max(incompleteBelow, cursor);
                }

                CutByBound = true;
                boundCutBelow = cursor;
                limitedBelow = cursor;
            }

            allowed[0] = step.Previous;
            return IsAsleep(step.Previous) ? 0 : 1;
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

        if (sleep.Count == 0)
        {
            return count;
        }

        var awake = 0;
        for (var i = 0; i < count; i++)
        {
            if (!IsAsleep(allowed[i]))
            {
                allowed[awake++] = allowed[i];
            }
        }

        return awake;
    }

    /// <summary>
    /// Whether the state this step is taken in was explored already, as far as this visit could
    /// explore it (<see cref="VisitedStates"/>); if so, records how the pruned schedule stands
    /// for the branches above it. If not, the visit is recorded, to be closed when its branch is
    /// popped (complete when nothing below it was cut).
    /// </summary>
    private bool SeenBefore(in SchedulingStep step)
    {
        var sleeping = 0UL;
        foreach (var entry in sleep)
        {
            if (entry.Thread >= 64)
            {
                // The table keeps the sleeping threads as a 64-bit set: past it, no pruning.
                return false;
            }

            sleeping |= 1UL << entry.Thread;
        }

        var fingerprint = step.Fingerprint();
        var claim = new VisitClaim(step.Index, bound - preemptions, step.PreviousEnabled ? step.Previous : -1, sleeping);
        switch (visited!.Visit(fingerprint, claim, cursor, out var open))
        {
            case Coverage.Complete:
                // Every continuation not starting with a thread asleep now was explored from the
                // earlier visit, to its end, with nothing cut: nothing is cut here either, and the
                // sleep sets above may put this option to sleep. For DPOR the races of those
                // continuations' steps with this path's were found on the earlier visit's path,
                // not this one (Yang, Chen, Gopalakrishnan and Kirby, SPIN 2008): the subtree's
                // summary adds their backtrack points, or (none kept) every option above.
                if (!Revisit(fingerprint))
                {
                    incompleteBelow = Math.Max(incompleteBelow, cursor);
                }

                return true;
            case Coverage.Open when open < cursor && visitClaims[open] is not null && visitFingerprints[open] == fingerprint:
                // A cycle back to a state on the path: its continuations are those its open visit
                // explores, so the branches from there down are cut where that visit is, and
                // only they are marked so (the open visit itself loses nothing by the cycle). For
                // the sleep sets and DPOR, a cut above as below, as before this table knew cycles.
                for (var i = open + 1; i < cursor; i++)
                {
                    visitCut[i] = true;
                }

                Unsummarised();
                cutBelow = Math.Max(cutBelow, cursor);
                depthBoundBelow = Math.Max(depthBoundBelow, cursor);
                return true;
            case Coverage.Cut when Revisit(fingerprint):
                // Covered by a visit the bound cut (its summary is exact, so nothing else cut it):
                // this visit would be cut as well, having no more preemptions left. As at a cut by
                // the bound: the thread is not put to sleep above, the visits above are not
                // complete, and the tree's first cut makes the path take every option.
                if (!CutByBound && conservativeBacktracks)
                {
                    incompleteBelow = Math.Max(incompleteBelow, cursor);
                }

                CutByBound = true;
                boundCutBelow = Math.Max(boundCutBelow, cursor);
                limitedBelow = Math.Max(limitedBelow, cursor);
                DepthOfCover();
                return true;
            case Coverage.Open or Coverage.Cut:
                // Covered by a visit that was itself cut (or an open visit no longer on the path):
                // what it explored lacks what was cut there, so this is a cut for everything above.
                Unsummarised();
                cutBelow = Math.Max(cutBelow, cursor);
                limitedBelow = Math.Max(limitedBelow, cursor);
                DepthOfCover();
                return true;
            default:
                arrivedFingerprint = fingerprint;
                arrivedClaim = claim;
                return false;
        }
    }

    /// <summary>
    /// A schedule pruned at the state <paramref name="fingerprint"/>: with its exact subtree summary,
    /// each thread's merged footprint there races, as if it ran next, with the steps of this path
    /// it is dependent with and not ordered after (Flanagan and Godefroid's rule: that thread, or
    /// every thread where it cannot run; under a cut bound also at the conservative point), and
    /// the summary joins the branch's. False when no exact summary is kept (the caller then takes
    /// the conservative rule) or the rule is another; true with <see cref="RevisitRule.Nothing"/>.
    /// </summary>
    private bool Revisit(ulong fingerprint)
    {
        if (races is null || revisits == RevisitRule.EveryOption)
        {
            return false;
        }

        if (summaries is null)
        {
            return revisits == RevisitRule.Nothing;
        }

        var summary = summaries.Find(fingerprint);
        if (summary is not { Exact: true })
        {
            Unsummarised();
            return false;
        }

        for (var thread = 0; thread < summary.Width; thread++)
        {
            var footprint = summary.Of(thread);
            if (footprint.Global || !footprint.Entries.IsEmpty)
            {
                pendingThread = thread;
                races.PendingRaces(thread, footprint, onPendingRace ??= AddPendingBacktrack);
            }
        }

        if (cursor > 0)
        {
            below[cursor - 1].Merge(summary, summaries.Union);
        }

        return true;
    }

    /// <summary>A race between step <paramref name="earlier"/> and a step <see cref="pendingThread"/> takes past a pruned state.</summary>
    private void AddPendingBacktrack(int earlier)
    {
        var index = races!.BranchBefore(earlier);
        if (index >= 0)
        {
            AddThreadOrAll(path[index], pendingThread);
        }

        if (!conservativeBacktracks || !CutByBound)
        {
            return;
        }

        var switchedIn = races.RunStart(earlier);
        var conservative = switchedIn == earlier ? -1 : races.BranchBefore(switchedIn);
        if (conservative >= 0 && conservative != index)
        {
            AddThreadOrAll(path[conservative], pendingThread);
        }
    }

    /// <summary>A prune at a cut visit whose depth mattered: the pruned continuations may reach the end of DFS's part too.</summary>
    private void DepthOfCover()
    {
        if (!visited!.CoveredAtAnyDepth)
        {
            depthBoundBelow = Math.Max(depthBoundBelow, cursor);
        }
    }

    /// <summary>Steps below the deepest branch went unseen: its subtree's summary is not exact.</summary>
    private void Unsummarised()
    {
        if (summaries is not null && cursor > 0 && cursor <= below.Count)
        {
            below[cursor - 1].Exact = false;
        }
    }

    private void AddVisit(VisitClaim? claim)
    {
        if (summaries is not null)
        {
            below.Add(spareSummaries.Count > 0 ? spareSummaries.Pop() : new SubtreeSummary());
        }

        visitFingerprints.Add(claim is null ? 0 : arrivedFingerprint);
        visitClaims.Add(claim);
        visitCut.Add(false);
        visitDepthBound.Add(false);
    }

    private bool IsAsleep(int thread)
    {
        foreach (var entry in sleep)
        {
            if (entry.Thread == thread)
            {
                return true;
            }
        }

        return false;
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
