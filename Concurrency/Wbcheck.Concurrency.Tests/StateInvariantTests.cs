using Wbcheck.Concurrency.Primitives;
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

    [Fact]
    public void A_state_first_reached_by_the_step_after_a_replayed_prefix_is_checked()
    {
        // The failing state (b and c written, a not) is first reached by the first step a
        // schedule takes after the prefix it replays: skipping that step's check too would lose it.
        var rerun = TestingEngine.Run(new FirstNewStep(), Exhaust with { PrefixReplay = PrefixReplay.Rerun });
        var checkpoint = TestingEngine.Run(new FirstNewStep(), Exhaust);

        var expected = Assert.Single(rerun.Bugs);
        var found = Assert.Single(checkpoint.Bugs);
        Assert.Equal((expected.Iteration, expected.Bug.Message), (found.Iteration, found.Bug.Message));
        Assert.Equal(expected.Steps, found.Steps);
        Assert.True(found.Iteration > 1, "the failing state was reached by the first schedule, which replays nothing");
    }

    /// <summary>Three threads each write their own flag in their one step; the state invariant fails when b and c are written and a is not.</summary>
    private sealed class FirstNewStep : ITestProgram
    {
        public string Name => "first-new-step";

        public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

        public bool Terminates => true;

        public void Setup(ProgramSetup setup)
        {
            var runtime = setup.Runtime;
            var flags = new[] { "a", "b", "c" }.Select(name => new SharedVariable<bool>(runtime, name, false)).ToArray();
            foreach (var flag in flags)
            {
                // The write is the thread's only step (its start), so the step that diverges from
                // the last schedule is a write: w1 then w2 after w1 alone is the failing state.
                runtime.Spawn($"w{flag.Name}", () =>
                {
                    flag.Value = true;
                    return Task.CompletedTask;
                });
            }

            setup.AddStateInvariant("a before b and c", () => flags[1].Value && flags[2].Value && !flags[0].Value ? "b and c written before a" : null);
        }
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
