using Wbcheck.Concurrency.Strategies;

namespace Wbcheck.Concurrency.Tests.Strategies;

/// <summary>
/// PCT driven step by step, without a runtime: threads that each take a fixed number of steps,
/// all enabled from the start, so that what the strategy lowers can be checked against the
/// priorities it had.
/// </summary>
public sealed class PctStrategyTests
{
    [Fact]
    public void A_change_point_lowers_the_thread_that_would_run_at_its_step()
    {
        // Three threads of two steps: under priorities the first ends after its second step, and
        // the step after has a choice between the other two. A change point there must lower one of
        // those (the higher), not the thread that has just ended, which would change nothing.
        var pct = new PctStrategy(depth: 3, initialEstimate: 1000);
        for (var iteration = 0; iteration < pct.LearningIterations; iteration++)
        {
            pct.StartIteration(iteration, (ulong)iteration);
            RunThreads(pct, [2, 2, 2], check: null);
        }

        var changes = 0;
        var afterAnEnd = 0;
        for (var iteration = pct.LearningIterations; iteration < pct.LearningIterations + 300; iteration++)
        {
            pct.StartIteration(iteration, (ulong)iteration);
            Assert.Equal(6, pct.Estimate);
            RunThreads(pct, [2, 2, 2], check: (enabled, previousEnded, before) =>
            {
                var lowered = Enumerable.Range(0, before.Length).Where(t => pct.PriorityOf(t) < before[t]).ToList();
                if (lowered.Count == 0)
                {
                    return;
                }

                var thread = Assert.Single(lowered);
                Assert.Contains(thread, enabled);
                Assert.Equal(enabled.MaxBy(t => before[t]), thread);
                changes++;
                afterAnEnd += previousEnded ? 1 : 0;
            });
        }

        // Two change points drawn over k = 6 (the run's whole length) and reached only within its
        // 4 or 5 branching steps, one of which is right after an end: about one lowering an
        // iteration, and about 1 in 4 of them after an end (316 and 91 with these seeds; fewer
        // than 40 after an end with probability far below 1e-9).
        Assert.InRange(changes, 200, 600);
        Assert.InRange(afterAnEnd, 40, changes);
    }

    /// <summary>
    /// Threads with the given numbers of steps, all enabled from the start, until all have ended.
    /// Before each step after the first (when every thread has its priority), <paramref name="check"/>
    /// sees what the step was given, whether the thread that ran before has just ended, and the
    /// priorities before the step, after the strategy has chosen.
    /// </summary>
    private static void RunThreads(PctStrategy pct, int[] steps, Action<int[], bool, long[]>? check)
    {
        var left = steps.ToArray();
        var previous = -1;
        for (var index = 0; left.Any(l => l > 0); index++)
        {
            var enabled = Enumerable.Range(0, left.Length).Where(t => left[t] > 0).ToArray();
            var before = Enumerable.Range(0, left.Length).Select(pct.PriorityOf).ToArray();
            var chosen = pct.NextThread(new SchedulingStep(index, enabled, previous, previous >= 0 && left[previous] > 0, null!));
            Assert.Contains(chosen, enabled);
            if (index > 0)
            {
                check?.Invoke(enabled, left[previous] == 0, before);
            }

            left[chosen]--;
            previous = chosen;
        }
    }
}
