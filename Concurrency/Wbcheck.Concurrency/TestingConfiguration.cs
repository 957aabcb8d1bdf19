namespace Wbcheck.Concurrency;

/// <summary>
/// How the engine tests a program. Immutable: change it with <c>with</c>, e.g.
/// <c>TestingConfiguration.Default with { Strategy = "pct", Iterations = 10_000 }</c>.
/// Each value is checked when set; combinations are checked when the engine starts.
/// </summary>
public sealed record TestingConfiguration
{
    private readonly int iterations = 1000;
    private readonly int maxSteps = 10_000;
    private readonly int? maxUnfairSteps;
    private readonly int? livenessBound;
    private readonly string strategy = "random";
    private readonly int pctDepth = DefaultPctDepth;
    private readonly int? preemptionBound;
    private readonly int workers = 1;
    private readonly long stateBudgetBytes = 64L << 20;

    public static TestingConfiguration Default { get; } = new();

    /// <summary>
    /// The most decisions one iteration may take (docs/limits.md): every decision is kept until
    /// the iteration ends, about 50 bytes each, so this bounds an iteration's trace to about 100 MB.
    /// </summary>
    public const int MaxStepsLimit = 2_000_000;

    /// <summary>Schedules to try (DFS stops earlier when its space is exhausted).</summary>
    public int Iterations { get => iterations; init => iterations = AtLeast(value, 1, nameof(Iterations)); }

    /// <summary>Decisions per iteration; a terminating program still running after them is a bug.</summary>
    public int MaxSteps { get => maxSteps; init => maxSteps = AtLeast(value, 1, nameof(MaxSteps)); }

    /// <summary>
    /// Steps an unfair strategy (PCT, DFS) schedules before fair random scheduling takes over for
    /// the rest of the iteration; null for half of <see cref="MaxSteps"/>. Liveness is judged only
    /// under fair scheduling, so this bounds where those strategies can report a livelock, and the
    /// depth DFS explores.
    /// </summary>
    public int? MaxUnfairSteps
    {
        get => maxUnfairSteps;
        init => maxUnfairSteps = value is null ? null : AtLeast(value.Value, 1, nameof(MaxUnfairSteps));
    }

    /// <summary>
    /// Consecutive steps a liveness monitor may stay hot under fair scheduling before it is a
    /// livelock; null for a quarter of <see cref="MaxSteps"/>.
    /// </summary>
    public int? LivenessBound
    {
        get => livenessBound;
        init => livenessBound = value is null ? null : AtLeast(value.Value, 1, nameof(LivenessBound));
    }

    /// <summary>Seed of the whole run; iteration i is seeded from (Seed, i).</summary>
    public ulong Seed { get; init; }

    /// <summary>One of <see cref="StrategyTable.Names"/>: "random", "pct" or "dfs".</summary>
    public string Strategy { get => strategy; init => strategy = StrategyTable.Check(value); }

    /// <summary>
    /// PCT's default d: 10 priority change points, Coyote's default bound. Chosen by measurement
    /// (BENCHMARKS.md, "PCT's default depth"): against d = 3 it needs as many schedules within noise
    /// on the classic programs where the depth does not matter and 1.8-2.6 times fewer on reorder-3
    /// and reorder-10, 2.5 times fewer summed over the era table's bug cells, and 5-7 times fewer on
    /// the hardest cells (bio-redirty-two-walkers' tag/flag coherence, page-mkwrite-vs-writeback
    /// 2.6.20); it costs up to 2 times more on some cells found within a hundred schedules either way.
    /// </summary>
    public const int DefaultPctDepth = 11;

    /// <summary>PCT's d: it aims at bugs of depth d, with d-1 priority change points per iteration.</summary>
    public int PctDepth { get => pctDepth; init => pctDepth = AtLeast(value, 1, nameof(PctDepth)); }

    /// <summary>
    /// The highest preemption bound DFS iterates to without a fixed <see cref="PreemptionBound"/>;
    /// a space with schedules of more preemptions is reported as explored only up to it.
    /// </summary>
    public const int IteratedPreemptionCap = 10;

    /// <summary>
    /// DFS: at most this many preemptions per schedule; null to iterate the bound 0, 1, 2, ... up to
    /// <see cref="IteratedPreemptionCap"/> (CHESS's iterative context bounding), so that the first
    /// bug found has the fewest preemptions, stopping when a bound leaves no preemption unexplored.
    /// </summary>
    public int? PreemptionBound
    {
        get => preemptionBound;
        init => preemptionBound = value is null ? null : AtLeast(value.Value, 0, nameof(PreemptionBound));
    }

    /// <summary>
    /// DFS: partial-order reduction by sleep sets, for programs that report what their steps touch
    /// (<see cref="Programs.ProgramSetup.DeclareFootprints"/>); it changes nothing for the others.
    /// </summary>
    public bool Reduction { get; init; } = true;

    /// <summary>
    /// DFS with <see cref="Reduction"/>: dynamic partial-order reduction, so that a branch tries only
    /// the threads whose steps race with the one taken there (docs/search.md).
    /// </summary>
    public DporMode Dpor { get; init; } = DporMode.Source;

    /// <summary>
    /// For tests of the reduction only: accesses whose encoded entry (object id &lt;&lt; 1 | write)
    /// masked by <c>Mask</c> equals <c>Value</c> are dropped from every step's footprint, as if the
    /// model forgot to report them. None by default (a zero mask drops nothing).
    /// </summary>
    internal (ulong Mask, ulong Value) UnreportedAccesses { get; init; }

    /// <summary>
    /// For tests of DPOR under a preemption bound only: false drops the conservative backtrack
    /// points of bounded partial-order reduction (docs/search.md), which loses classes of
    /// schedules the bound allows. True by default.
    /// </summary>
    internal bool ConservativeBacktracks { get; init; } = true;

    /// <summary>
    /// For tests of stateful DFS with DPOR only: what a prune at a state explored before does for
    /// the branches above it (docs/search.md, "Stateful DFS with DPOR"). Subtree summaries by default.
    /// </summary>
    internal Strategies.RevisitRule Revisits { get; init; } = Strategies.RevisitRule.Summaries;

    /// <summary>
    /// For tests of DFS with reduction under a preemption bound only: which options whose subtree
    /// the bound cut are put to sleep (docs/search.md, "Sleep sets under the bound"). The free
    /// reorderings by default.
    /// </summary>
    internal Strategies.SleepUnderBound SleepUnderBound { get; init; } = Strategies.SleepUnderBound.FreeReorderings;

    /// <summary>
    /// For tests of stateful DFS only: when a visit the bound cut covers a later one (docs/search.md,
    /// "Cut visits: who ran last and the depth"). The finer rule by default.
    /// </summary>
    internal Strategies.CutVisitRule CutVisits { get; init; } = Strategies.CutVisitRule.Finer;

    /// <summary>
    /// For tests of optimal DPOR only: how a race's reversal is inserted into a wakeup tree
    /// (docs/search.md, "Optimal DPOR"). The exact rule by default.
    /// </summary>
    internal Strategies.WakeupInsertion WakeupInsertion { get; init; } = Strategies.WakeupInsertion.Exact;

    /// <summary>
    /// For tests of the reduction only: what a step that makes a choice is taken to touch
    /// (docs/search.md, "Choice steps' footprints"). Each value's own footprint by default.
    /// </summary>
    internal Strategies.ChoiceFootprint ChoiceFootprints { get; init; } = Strategies.ChoiceFootprint.PerValue;

    /// <summary>
    /// For tests of DFS with reduction only: how each schedule's prefix, shared with the last
    /// schedule, is run (docs/search.md, "Replaying the prefix from a checkpoint"). From a
    /// checkpoint by default; <see cref="Strategies.PrefixReplay.Rerun"/> is the plain engine.
    /// </summary>
    internal Strategies.PrefixReplay PrefixReplay { get; init; } = Strategies.PrefixReplay.Checkpoint;

    /// <summary>
    /// DFS: stateful search. A schedule that reaches a state already explored stops there; states
    /// are kept as 64-bit fingerprints (hash compaction) in a table of <see cref="StateBudgetBytes"/>.
    /// </summary>
    public bool Stateful { get; init; }

    /// <summary>The memory the visited-state table of stateful DFS may take (40 bytes a state).</summary>
    public long StateBudgetBytes
    {
        get => stateBudgetBytes;
        init => stateBudgetBytes = value >= 1 << 10 ? value
            : throw new ArgumentOutOfRangeException(nameof(StateBudgetBytes), value, "StateBudgetBytes must be at least 1024");
    }

    /// <summary>
    /// Report a livelock as a lasso as soon as a state comes back while a liveness monitor is hot
    /// under fair scheduling, on a cycle every enabled thread takes part in, instead of waiting
    /// for the liveness bound. It fingerprints the state after each hot step, which costs; a
    /// livelock whose state grows (a file appended to) never repeats a state and is still found
    /// by the bound.
    /// </summary>
    public bool LassoLivelocks { get; init; }

    /// <summary>Stop starting iterations after this long; null for no limit. The only nondeterministic limit.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Stop at the first bug (the one of the lowest iteration), or collect the bugs of every iteration.</summary>
    public bool StopAtFirstBug { get; init; } = true;

    /// <summary>Worker threads sharing the iterations; the bugs found do not depend on how many.</summary>
    public int Workers { get => workers; init => workers = AtLeast(value, 1, nameof(Workers)); }

    /// <summary>The part of the iterations this run does.</summary>
    public Shard Shard { get; init; } = Shard.Whole;

    /// <summary>Refuse combinations that cannot work, with a message saying what to do instead.</summary>
    public void Validate()
    {
        if (Strategy == "dfs" && (Workers > 1 || !Shard.IsWhole))
        {
            throw new ArgumentException(
                $"the dfs strategy explores one tree depth-first and cannot be split across {Workers} workers or " +
                $"shard {Shard}: run it with one worker and no shard, or split the work with random or pct");
        }

        if (Stateful && Strategy != "dfs")
        {
            throw new ArgumentException($"stateful search is a mode of the dfs strategy, not of {Strategy}: use dfs, or drop Stateful");
        }

        if (MaxSteps > MaxStepsLimit)
        {
            throw new ArgumentException($"MaxSteps ({MaxSteps}) is over the limit of {MaxStepsLimit} decisions an iteration");
        }

        if (UnfairSteps >= MaxSteps)
        {
            throw new ArgumentException(
                $"MaxUnfairSteps ({UnfairSteps}) is not below MaxSteps ({MaxSteps}): unfair strategies would never " +
                "reach fair scheduling; lower it or raise MaxSteps");
        }

        if (HotBound >= MaxSteps)
        {
            throw new ArgumentException(
                $"LivenessBound ({HotBound}) is not below MaxSteps ({MaxSteps}): no livelock could ever be reported; " +
                "lower it or raise MaxSteps");
        }
    }

    /// <summary>The unfair-step bound in effect.</summary>
    internal int UnfairSteps => MaxUnfairSteps ?? Math.Max(1, MaxSteps / 2);

    /// <summary>The liveness bound in effect.</summary>
    internal int HotBound => LivenessBound ?? Math.Max(1, MaxSteps / 4);

    private static int AtLeast(int value, int minimum, string name) =>
        value >= minimum ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum}");
}
