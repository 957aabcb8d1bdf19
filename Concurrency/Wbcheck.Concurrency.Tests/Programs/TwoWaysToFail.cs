using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Programs;

/// <summary>
/// A writer (spawned first) bumps a counter 8 times, one step a bump; a reader samples it 3 times
/// and fails the same assertion two ways: when the counter moved between every two samples (the
/// writer ran between each: at least 4 preemptions, and the common way under random scheduling),
/// or when all 3 samples saw exactly <see cref="Paused"/> (the reader ran whole while the writer
/// was paused after its 5th bump: 1 preemption, a narrow window). Shrinking a many-preemption
/// trace by removing its own switches keeps the first way, which needs all of them; only a search
/// of the schedules with fewer preemptions finds the second. With <c>noise</c>, a third thread
/// (spawned last) makes that many choices of 2 that change nothing: each doubles the tree the
/// bounded search walks at every bound, as a kernel scenario's many threads do.
/// </summary>
internal sealed class TwoWaysToFail(int noise = 0) : ITestProgram
{
    private const int Writes = 8;
    private const int Paused = 5;
    private static readonly StepLabel Write = new("write");
    private static readonly StepLabel Sample = new("sample");

    public string Name => "two-ways-to-fail";

    public IReadOnlyDictionary<string, string> Parameters { get; } =
        noise == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { ["noise"] = $"{noise}" };

    public bool Terminates => true;

    public void Setup(ProgramSetup setup)
    {
        var runtime = setup.Runtime;
        var counter = new Cell<int>(0);
        runtime.Spawn("writer", async () =>
        {
            for (var i = 0; i < Writes; i++)
            {
                await runtime.Schedule(PointKind.Yield, Write);
                counter.Value++;
            }
        });
        runtime.Spawn("reader", async () =>
        {
            var samples = new int[3];
            for (var i = 0; i < samples.Length; i++)
            {
                await runtime.Schedule(PointKind.Yield, Sample);
                samples[i] = counter.Value;
            }

            var moving = samples[0] < samples[1] && samples[1] < samples[2];
            var paused = samples.All(s => s == Paused);
            Bug.On(moving || paused, "sample", $"the reader sampled {string.Join(", ", samples)}");
        });
        if (noise > 0)
        {
            runtime.Spawn("chooser", () =>
            {
                for (var i = 0; i < noise; i++)
                {
                    runtime.Choose(ChoiceKind.Scenario, 2);
                }

                return Task.CompletedTask;
            });
        }

        setup.DescribeState(() => [$"counter = {counter.Value}"]);
    }
}
