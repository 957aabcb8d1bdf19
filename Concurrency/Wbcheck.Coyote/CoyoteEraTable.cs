using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Scenarios.Throttle;
using Wbcheck.Model;

namespace Wbcheck.Coyote;

/// <summary>
/// How the era table is checked under Coyote (the Coyote era-table tests and <c>wbcheck bench
/// --only coyote</c> use these). Every expected bug is searched with Coyote's fair prioritization
/// strategy (PCT with 10 priority changes, then fair random after the scenarios' 200 unfair steps),
/// seed 1, up to 3,000 iterations, the budget our engine's PCT gets. All expected bugs are within
/// it; the rarest, bio-redirty-two-walkers on 2.6.20 and 2.6.36, took 1,124 and 1,595 iterations
/// with seed 1. Coyote's plain random strategy does not reach cyclic-wrap-deadlock on 2.5.31 and on
/// 2.6.36 to 4.17 in a practical budget (none in 2,000 to 2,600 iterations each, 20 s a cell: odds
/// under about 1 in 700 an iteration, 95% upper bound), where fair-pct needs 35 to 41; which is why
/// the table is checked with fair-pct (README, "Running the model under Coyote").
/// </summary>
public static class CoyoteEraTable
{
    /// <summary>The search for an expected bug.</summary>
    public static CoyoteSettings Find { get; } = CoyoteSettings.Default with
    {
        Strategy = "fair-pct",
        Iterations = 3_000,
        Seed = 1,
        // A bound against a hang, not a budget: the rarest cell takes about 10 s on an idle machine.
        Timeout = TimeSpan.FromMinutes(10),
    };

    /// <summary>
    /// The search for the expected bug of <paramref name="scenario"/> on <paramref name="era"/>:
    /// <see cref="Find"/>, except for block-page-mkwrite-vs-writeback on 2.6.20, whose bug needs
    /// three preemptions at the right steps (docs/eras.md section 113: our engine's PCT misses it in
    /// 3,000 schedules and its random search finds it in 76). Coyote's fair-pct misses it in 3,000
    /// iterations with seeds 1 and 2; its random strategy finds it with both.
    /// </summary>
    public static CoyoteSettings FindFor(string scenario, KernelEra era) =>
        scenario == PageMkwriteVsWriteback.BlockPageMkwriteName && era.Is(KernelEra.V2_6_20) ? Find with { Strategy = "random" } : Find;

    /// <summary>Iterations of a cell that holds: fair-pct, seed 7 (as our engine's holds search).</summary>
    public static CoyoteSettings Holds { get; } = Find with { Iterations = 200, Seed = 7 };

    /// <summary>
    /// The cells that hold checked under Coyote: each bug scenario on the era whose change fixed it,
    /// and the scenarios that hold everywhere on the current era.
    /// </summary>
    public static IReadOnlyList<(string Scenario, KernelEra Era)> HoldsSample { get; } =
    [
        (FsyncVsDirtier.ScenarioName, KernelEra.V2_6_36),
        (BackgroundVsReclaimTruncate.ScenarioName, KernelEra.V6_9), // its last fix: end_page_writeback's reference
        (CyclicWrapDeadlock.ScenarioName, KernelEra.V4_20),
        (WriteFaultVsTruncate.ScenarioName, KernelEra.V3_19),
        (IoErrorThenFsync.ScenarioName, KernelEra.V4_17),
        (IoErrorSyncThenFsync.ScenarioName, KernelEra.V4_13), // the sync(2) thread wakes pdflush or the flusher
        (BioRedirtyTwoWalkers.ScenarioName, KernelEra.V3_19),
        (FsyncVsTruncate.ScenarioName, KernelEra.V6_9),
        (ReclaimWriteout.PinnedName, KernelEra.V6_9),
        (BioRedirty.RedirtyName, KernelEra.V2_5),
        (EndWritebackVsTruncate.ScenarioName, KernelEra.V6_9),
        (PartialTruncateVsWriteback.ScenarioName, KernelEra.V6_9),
        (StrictlimitDirtierVsFsync.ScenarioName, KernelEra.V6_9),
        (CgwbDirtierVsFlusher.ScenarioName, KernelEra.V6_9), // a flusher spawned per memcg wb
        (CgwbSwitchVsDirtier.ScenarioName, KernelEra.V4_13), // the switch work spawned behind a grace period
        (CgwbForeignVote.ScenarioName, KernelEra.V6_9), // the switch work spawned by the writeback's vote
        (CgwbOfflineVsWriteback.ScenarioName, KernelEra.V6_9), // the cleanup and its batch switch work spawned by the offline
        (Concurrency.Scenarios.Zones.DirectReclaimWriterVsFsync.ScenarioName, KernelEra.V6_9), // two nodes, watermarks, direct reclaim
        (SyncVsBackgroundBIo.ScenarioName, KernelEra.V6_10), // the fix of its 6.9 bug, d92109891f21
        (CgwbSyncVsSwitch.ScenarioName, KernelEra.V5_0), // the fix of its 4.13 to 4.20 bug, 7fc5854f8c6e: the switch work waits on wb_switch_rwsem
    ];

    /// <summary>The holds search for <paramref name="program"/> (one budget for all today).</summary>
    public static CoyoteSettings HoldsFor(ITestProgram program) => Holds;
}
