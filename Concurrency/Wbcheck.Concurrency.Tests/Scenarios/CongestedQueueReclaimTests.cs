using Wbcheck.Concurrency.Bugs;
using Wbcheck.Concurrency.Scenarios;
using Wbcheck.Concurrency.Scenarios.Zones;
using Wbcheck.Model;
using Wbcheck.Model.Mm;

namespace Wbcheck.Concurrency.Tests.Scenarios;

/// <summary>
/// congested-queue-reclaim: reclaim meets the dirty pages of a queue one write congests. Its runs
/// pass through each era's gates (counted by an observer, not timed): may_write_to_queue keeps the
/// page for a task not writing and lets the writer's own reclaim write it (2.6.20 to 2.6.36); a
/// reclaimer that is not kswapd naps on the congested mark (3.19 to 4.20; 5.0's blk-mq queue is
/// never congested, so nobody naps there, and did only with Faults.BlkMqQueueSetsCongested). Removing a gate has no
/// correctness consequence (2.5.31 had none, and a nap only delays), so the gates are proven
/// reached rather than broken; the nap's wake-up is what a fault can break: a clear of the
/// congestion that wakes nobody leaves the reclaimer asleep, a deadlock the search finds.
/// </summary>
public sealed class CongestedQueueReclaimTests
{
    private static readonly TestingConfiguration Dfs = RaceScenario.DefaultConfiguration with
    {
        Strategy = "dfs",
        PreemptionBound = 2,
        Iterations = 100_000,
        Stateful = true,
    };

    /// <summary>
    /// Every schedule of the proof's search (stateful DFS at bound 2 to the end, as the matrix
    /// proves the cell), with the gates counted over them all. 4.13 to 5.0, whose cells fail on
    /// the known use-after-free, are sampled with PCT from a fixed seed instead, the search going
    /// on past each bug: deterministic, so no odds to state. 2.6.29's writer never reclaims while
    /// the queue is congested within the bound: we inferred, without tracing it,
    /// that its deferred scan counts bring its first pageout after the priority loop's
    /// congestion_wait has let the flusher's write end.
    /// </summary>
    [Theory]
    [InlineData(KernelEra.V2_6_20, true, true, false)]
    [InlineData(KernelEra.V2_6_29, true, false, false)]
    [InlineData(KernelEra.V2_6_36, true, true, false)]
    [InlineData(KernelEra.V3_19, false, false, true)]
    [InlineData(KernelEra.V4_13, false, false, true)]
    [InlineData(KernelEra.V4_17, false, false, true)]
    [InlineData(KernelEra.V4_20, false, false, true)]
    [InlineData(KernelEra.V5_0, false, false, false)]
    public void The_runs_pass_through_the_eras_gates(KernelEra era, bool keeps, bool writerWrites, bool naps)
    {
        var gates = new GateCounter();
        var scenario = new CongestedQueueReclaim(ScenarioOptions.Default with { Era = era }) { GateObserver = gates };
        var holds = Expectations.For(CongestedQueueReclaim.ScenarioName, era) is null;

        var report = TestingEngine.Run(scenario, holds
            ? Dfs
            : RaceScenario.DefaultConfiguration with { Strategy = "pct", Iterations = 300, Seed = 1, StopAtFirstBug = false });

        if (holds)
        {
            Assert.False(report.FoundBug, report.Summary());
            Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
        }

        Assert.True(keeps == gates.Count(CongestionGate.KeptForCongestedQueue) > 0, gates.ToString());
        Assert.True(writerWrites == gates.Count(CongestionGate.WroteAsQueueWriter) > 0, gates.ToString());
        Assert.True(naps == gates.Count(CongestionGate.NappedOnCongestedMark) > 0, gates.ToString());
    }

    /// <summary>
    /// With clear_bdi_congested waking nobody, the reclaimer's nap on the mark (3.19) never ends
    /// once the flusher's write completes: the search finds the hang, and the trace replays.
    /// </summary>
    [Fact]
    public void A_nap_that_is_never_woken_is_caught_as_a_deadlock_and_replays() =>
        AssertDeadlockOnReplays(KernelEra.V3_19, new Faults { CongestionClearWakesNobody = true }, "congestion_wqh[WRITE]");

    /// <summary>
    /// With a freed request waking nobody (branch queue22), a write that found the queue of one
    /// request full (the writer's write-through, or fsync's write, behind the flusher's) never
    /// wakes once the flusher's write completes: the search finds the hang on rl-&gt;wait[WRITE],
    /// and the trace replays.
    /// </summary>
    [Fact]
    public void A_request_wait_that_is_never_woken_is_caught_as_a_deadlock_and_replays() =>
        AssertDeadlockOnReplays(KernelEra.V2_6_20, new Faults { FreedRequestWakesNobody = true }, "rl->wait[WRITE]");

    /// <summary>The search under <paramref name="faults"/> finds a deadlock naming <paramref name="waitQueue"/>; its minimized trace replays from file.</summary>
    private static void AssertDeadlockOnReplays(KernelEra era, Faults faults, string waitQueue)
    {
        var scenario = ScenarioCatalog.Create(CongestedQueueReclaim.ScenarioName, ScenarioOptions.Default with { Era = era, Faults = faults });

        var report = TestingEngine.Run(scenario, Dfs);

        Assert.True(report.FoundBug, report.Summary());
        var found = report.Bugs[0];
        Assert.Equal(BugKind.Deadlock, found.Bug.Kind);
        Assert.Contains(found.Bug.Details, detail => detail.Contains(waitQueue, StringComparison.Ordinal));
        var minimized = TestingEngine.Minimize(scenario, found);
        Assert.True(minimized.Trace.Steps.Count <= found.Steps.Count);
        TraceFiles.AssertReplaysFromFile(scenario, minimized.Trace);
    }

    /// <summary>Counts the congestion gates reclaim passed, over every iteration it watched.</summary>
    private sealed class GateCounter : IKernelObserver
    {
        private readonly Dictionary<CongestionGate, int> counts = [];

        public int Count(CongestionGate gate) => counts.GetValueOrDefault(gate);

        void IKernelObserver.ReclaimCongestionGate(CongestionGate gate) => counts[gate] = Count(gate) + 1;

        public override string ToString() => string.Join(", ", Enum.GetValues<CongestionGate>().Select(gate => $"{gate} {Count(gate)}"));
    }
}
