using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Strategies;

namespace Wbcheck.Concurrency.Tests;

/// <summary>
/// A state invariant (<see cref="ProgramSetup.AddStateInvariant"/>) is not checked again on the
/// steps DFS replays from its checkpoint (the last schedule checked those states); every other
/// safety monitor sees every step, replayed or not, and without the checkpoint both see every step.
/// That the skip loses no bug is <see cref="PrefixReplayTests"/>' comparison of every scenario's
/// first bug with the plain engine (the kernel's invariants are state invariants).
/// </summary>
public sealed class StateInvariantTests
{
    private static readonly TestingConfiguration Exhaust = TestingConfiguration.Default with
    {
        Strategy = "dfs",
        PreemptionBound = 100,
        Iterations = 10_000,
    };

    [Fact]
    public void Replayed_steps_skip_state_invariants_only()
    {
        var counts = new Counts();
        var report = TestingEngine.Run(new Counted(new LockedCounter(3), counts), Exhaust);

        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
        Assert.Equal(report.Steps, counts.Monitor);
        Assert.True(counts.Invariant < report.Steps / 2, $"the invariant ran {counts.Invariant} times in {report.Steps} steps");
    }

    [Fact]
    public void Without_the_checkpoint_state_invariants_see_every_step()
    {
        var counts = new Counts();
        var report = TestingEngine.Run(new Counted(new LockedCounter(3), counts), Exhaust with { PrefixReplay = PrefixReplay.Rerun });

        Assert.Equal(StopReason.SpaceExhausted, report.StopReason);
        Assert.Equal(report.Steps, counts.Monitor);
        Assert.Equal(report.Steps, counts.Invariant);
    }

    private sealed class Counts
    {
        public long Monitor { get; set; }

        public long Invariant { get; set; }
    }

    /// <summary>The program, with a safety monitor and a state invariant that count their calls (stateless search: the counts are not state).</summary>
    private sealed class Counted(ITestProgram program, Counts counts) : ITestProgram
    {
        public string Name => program.Name;

        public IReadOnlyDictionary<string, string> Parameters => program.Parameters;

        public bool Terminates => program.Terminates;

        public void Setup(ProgramSetup setup)
        {
            program.Setup(setup);
            setup.AddSafetyMonitor("counted", () =>
            {
                counts.Monitor++;
                return null;
            });
            setup.AddStateInvariant("counted invariant", () =>
            {
                counts.Invariant++;
                return null;
            });
        }
    }
}
