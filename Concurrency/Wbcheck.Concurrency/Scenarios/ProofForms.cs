using Wbcheck.Concurrency.Execution;
using Wbcheck.Concurrency.Strategies;
using Wbcheck.Model;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// The configuration on which a holding cell is proven (<see cref="CellCheck"/>: stateful DFS to
/// the end, preemption bound 2). It is the scenario's full form, with a file of
/// <see cref="ProofPages"/> pages where the scenario sizes its file from the options; only a
/// scenario whose full form has a thread that never stops on its own (a writer that dirties pages
/// until fsync returns) is proven in its small form, where that thread stops after a few
/// operations. One scenario gets fewer pages (and fewer still in one era), because the search grows several times with each
/// page and six would not fit the matrix's budget (docs/search.md, "Bigger proofs", has the
/// counts). Either way a bug found replays from its trace: the form is the options' small flag
/// and page count.
/// </summary>
public static class ProofForms
{
    /// <summary>Pages of the file of a proof, where the scenario sizes its file from the options.</summary>
    public const int ProofPages = 6;

    // The scenarios whose full form runs a thread without bound: no search of it ends.
    private static readonly HashSet<string> Unbounded =
    [
        FsyncVsDirtier.ScenarioName, BioRedirty.RedirtyName, BioRedirty.RedirtyNoIoPagesName,
        BioRedirty.FastDirtierName, BioRedirty.FastDirtierNoIoPagesName,
    ];

    // The scenarios whose full form runs the dirty throttle for dozens of pages, pausing on the
    // clock: a search at bound 2 does not end in the matrix's budget; proven in the small form
    // (a few pages, no throttling), the full form left to PCT.
    private static readonly HashSet<string> Throttled = [Throttle.StrictlimitDirtierVsFsync.ScenarioName];

    // A writer's direct reclaim over every page of its zones, against fsync and kswapd: kswapd's
    // choice of victim multiplies the search (69,057 schedules at bound 2 on 6.9, about a minute
    // and a half); proven in the small form (4 pages, no kswapd thread: 2,125), the full form left to PCT.
    private static readonly HashSet<string> Zoned = [Zones.DirectReclaimWriterVsFsync.ScenarioName];

    // sync(2) against a wb switch with a memcg's dirtier beside them: the full form's search at
    // bound 2 is 14,096 to 16,128 schedules on 5.0 to 6.10 (2.1 to 3.4 s of CPU a cell, Release,
    // 2026-12-06), where a cell may cost about a second; proven in the small form (switcher and
    // sync: 1,023 to 1,341 schedules), the full form left to PCT and to CgwbSyncVsSwitchTests,
    // which proves it on 6.10.
    private static readonly HashSet<string> Switched = [CgwbSyncVsSwitch.ScenarioName];

    // A full cgroup v1 memcg's flush against a writer, from the era whose memcg reclaim wakes the
    // flushers and then throttles (6.1's reclaim_throttle after 1c610d5f93c7's wake-up). The full form's
    // search at bound 2 ends, but at 247,985 schedules on 6.9 (about 120 s of CPU, where it was
    // 55,695 in 27 s before the wake-up): rsync's charge spins through memcg reclaim for all of
    // DFS's 200 steps in most schedules (the writer and the OOM reaper are the only other
    // threads that run), and the two preemptions go anywhere along the spin
    // (BENCHMARKS.md, twentieth session); that one cell would take the matrix to its 3-minute
    // bound. Proven from 6.9 in the small form (the flush alone), the full form left to PCT.
    private static readonly Dictionary<string, KernelEra> SmallFrom = new()
    {
        [Memcg.MemcgReclaimWritebackWait.ScenarioName] = KernelEra.V6_9,
    };

    // Fewer pages where six do not fit the matrix's time (schedules at bound 2, stateful DFS with
    // DPOR, subtree summaries, sleep sets for the free reorderings under the bound, the finer
    // cover by cut visits, choice steps' own footprints): background-vs-reclaim-truncate's full
    // form grows three to five times a page (on 6.9 138,499 schedules at 4 pages and 610,752 at 5
    // before choice footprints); six would take millions. fsync-vs-truncate is proven at six
    // (189,223 schedules on 6.9, about 10 s of CPU): docs/search.md, "Bigger proofs".
    private static readonly Dictionary<string, int> FewerPages = new()
    {
        [BackgroundVsReclaimTruncate.ScenarioName] = 5,
    };

    // Fewer pages again in the list era (2.5.31), whose page lists every step of the three threads
    // moves pages between: background-vs-reclaim-truncate there at 5 pages, with choice steps' own
    // footprints and a footprint per page list, exhausts in 1,130,602 schedules, over the matrix's
    // 1,000,000 (docs/search.md, "Choice steps' footprints").
    private static readonly Dictionary<string, int> FewerPagesInListEra = new()
    {
        [BackgroundVsReclaimTruncate.ScenarioName] = 4,
    };

    /// <summary>The options a holding cell of <paramref name="scenario"/> is proven with, from the cell's <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The scenario is unknown.</exception>
    public static ScenarioOptions For(string scenario, ScenarioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var small = Unbounded.Contains(scenario) || Throttled.Contains(scenario) || Zoned.Contains(scenario) || Switched.Contains(scenario)
            || (SmallFrom.TryGetValue(scenario, out var from) && options.Era.AtLeast(from));
        var sized = ScenarioCatalog.Create(scenario, options).UsesPages;
        var pages = options.Era.HasPageLists() && FewerPagesInListEra.TryGetValue(scenario, out var listEra)
            ? listEra
            : FewerPages.GetValueOrDefault(scenario, ProofPages);
        return options with { Small = small, Pages = !sized ? options.Pages : pages };
    }

    /// <summary>The small configuration, on which a holding cell is proven without <see cref="CellBudget.LargerProofs"/>.</summary>
    public static ScenarioOptions Small(ScenarioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { Small = true, Pages = 2 };
    }

    /// <summary>
    /// What the proof of <paramref name="scenario"/> covers, for the matrix to print: its form, the
    /// threads it starts with (bio completions come on top, a thread each) and its file's pages
    /// when the options size it ("full form, 3 threads, 6 pages"); with <paramref name="larger"/>
    /// false, what the small form covers.
    /// </summary>
    /// <exception cref="ArgumentException">The scenario is unknown.</exception>
    public static string Describe(string scenario, ScenarioOptions options, bool larger = true)
    {
        var proof = larger ? For(scenario, options) : Small(options);
        var program = ScenarioCatalog.Create(scenario, proof);
        var form = proof.Small ? "small form" : "full form";
        var pages = program.UsesPages ? $", {proof.Pages} pages" : ", its fixed file";
        return $"{form}, {ThreadsAtStart(scenario, proof)} threads{pages}";
    }

    /// <summary>
    /// <see cref="Describe"/> for the holding cells of <paramref name="scenario"/> in
    /// <paramref name="eras"/> (not empty), the first era's, with the eras whose proof differs
    /// named after it: "full form, 3 threads, 5 pages (2.5.31: full form, 3 threads, 4 pages)".
    /// </summary>
    /// <exception cref="ArgumentException">The scenario is unknown, or no era is given.</exception>
    public static string DescribeAcross(string scenario, IReadOnlyList<KernelEra> eras)
    {
        ArgumentNullException.ThrowIfNull(eras);
        if (eras.Count == 0)
        {
            throw new ArgumentException("no era to describe the proof in", nameof(eras));
        }

        var each = eras.Select(era => (Era: era, Text: Describe(scenario, ScenarioOptions.Default with { Era = era }))).ToList();
        var common = each.GroupBy(e => e.Text).OrderByDescending(g => g.Count()).ThenBy(g => g.Min(e => e.Era)).First().Key;
        var others = each.Where(e => e.Text != common).Select(e => $"{e.Era.Info().Version}: {e.Text}").ToList();
        return others.Count == 0 ? common : $"{common} ({string.Join("; ", others)})";
    }

    /// <summary>The threads <paramref name="scenario"/> starts with under <paramref name="options"/>: those that may run at its first decision.</summary>
    /// <exception cref="ArgumentException">The scenario is unknown.</exception>
    public static int ThreadsAtStart(string scenario, ScenarioOptions options)
    {
        var probe = new FirstStep();
        probe.StartIteration(0, 0);
        new IterationRunner().Run(ScenarioCatalog.Create(scenario, options), probe, new RunSettings(10, 10, 10, Terminates: false), 0);
        return probe.Threads;
    }

    /// <summary>Counts the threads that may run at the first decision, and stops there.</summary>
    private sealed class FirstStep : ISchedulingStrategy
    {
        public int Threads { get; private set; }

        public string Name => "first step";

        public bool IsFair => false;

        public int LearningIterations => 0;

        public bool StartIteration(int iteration, ulong seed) => true;

        public int NextThread(in SchedulingStep step)
        {
            Threads = step.Enabled.Length;
            return ISchedulingStrategy.Stop;
        }

        public int NextChoice(in ChoicePoint choice) => 0;
    }
}
