using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Concurrency.Stepping;
using Wbcheck.Concurrency.Traces;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Tests.Stepping;

/// <summary>The stepped runtime runs exactly the thread it is told to, one scheduling point at a time.</summary>
public sealed class SteppedRuntimeTests
{
    private static readonly StepLabel Point = new("point");

    [Fact]
    public void Each_step_runs_the_chosen_thread_to_its_next_scheduling_point_and_no_further()
    {
        var stepped = new SteppedRuntime();
        var log = new List<string>();
        var a = stepped.Spawn("a", () => Writer(stepped.Runtime, log, "a"));
        var b = stepped.Spawn("b", () => Writer(stepped.Runtime, log, "b"));

        Assert.Equal(SteppedThreadStatus.Runnable, stepped.Step(b));
        Assert.Equal(SteppedThreadStatus.Runnable, stepped.Step(a));
        Assert.Equal(SteppedThreadStatus.Runnable, stepped.Step(a));
        Assert.Equal(["b1", "a1", "a2"], log);
        Assert.Equal(SteppedThreadStatus.Finished, stepped.Step(a));
        Assert.Equal(SteppedThreadStatus.Runnable, stepped.StatusOf(b));
        Assert.Equal("point", stepped.NextPointOf(b).ToString());
        Assert.Equal(["b1", "a1", "a2", "a3"], log);
        Assert.Equal(["T1 at start", "T0 at start", "T0 at point", "T0 at point"], stepped.Trace.ToArray().Select(s => s.ToString()));
    }

    [Fact]
    public void A_sleeping_thread_cannot_be_stepped_until_another_wakes_it()
    {
        var stepped = new SteppedRuntime();
        var runtime = stepped.Runtime;
        var lockA = new TestLock("A");
        var holder = stepped.Spawn("holder", async () =>
        {
            await lockA.Lock(runtime);
            await runtime.Schedule(PointKind.Yield, Point);
            lockA.Unlock(runtime);
        });
        var waiter = stepped.Spawn("waiter", () => lockA.Lock(runtime));
        stepped.Step(holder);
        stepped.Step(holder); // takes A

        Assert.Equal(SteppedThreadStatus.Runnable, stepped.Step(waiter));
        Assert.Equal(SteppedThreadStatus.Sleeping, stepped.Step(waiter));
        var refused = Assert.Throws<InvalidOperationException>(() => stepped.Step(waiter));
        Assert.Equal("T1(waiter) cannot be stepped: it is sleeping", refused.Message);

        Assert.Equal(SteppedThreadStatus.Finished, stepped.Step(holder));
        Assert.Equal(SteppedThreadStatus.Runnable, stepped.StatusOf(waiter));
        Assert.Equal(SteppedThreadStatus.Finished, stepped.Step(waiter));
        Assert.True(lockA.Held);
    }

    [Fact]
    public void A_thread_the_model_spawns_waits_until_it_is_stepped()
    {
        var stepped = new SteppedRuntime();
        var runtime = stepped.Runtime;
        var completed = false;
        var submitter = stepped.Spawn("submitter", () =>
        {
            runtime.Spawn("completion", () =>
            {
                completed = true;
                return Task.CompletedTask;
            }, PointKind.CompleteIo, new StepLabel("bio_endio", 1));
            return Task.CompletedTask;
        });

        Assert.Equal(SteppedThreadStatus.Finished, stepped.Step(submitter));
        Assert.Equal(2, stepped.ThreadCount);
        var completion = stepped.Thread(1);
        Assert.Equal("completion", completion.Name);
        Assert.Equal("bio_endio(1)", stepped.NextPointOf(completion).ToString());
        Assert.False(completed);

        Assert.Equal(SteppedThreadStatus.Finished, stepped.Step(completion));
        Assert.True(completed);
    }

    [Fact]
    public void Choices_are_answered_by_the_chooser_and_recorded()
    {
        var asked = new List<(ChoiceKind, int)>();
        var stepped = new SteppedRuntime((kind, count) =>
        {
            asked.Add((kind, count));
            return count - 1;
        });
        var value = -1;
        var chooser = stepped.Spawn("chooser", () =>
        {
            value = stepped.Runtime.Choose(ChoiceKind.IoResult, 3);
            return Task.CompletedTask;
        });

        stepped.Step(chooser);

        Assert.Equal(2, value);
        Assert.Equal([(ChoiceKind.IoResult, 3)], asked);
        Assert.Equal(new TraceStep(0, "chooser", DecisionKind.Choice, TraceNames.LabelOf(ChoiceKind.IoResult), 2, 3), stepped.Trace[^1]);
    }

    [Fact]
    public void A_thread_that_throws_has_failed_with_its_exception()
    {
        var stepped = new SteppedRuntime();
        var thrower = stepped.Spawn("thrower", async () =>
        {
            await stepped.Runtime.Schedule(PointKind.Yield, Point);
            throw new InvalidOperationException("broken");
        });

        Assert.Equal(SteppedThreadStatus.Runnable, stepped.Step(thrower));
        Assert.Null(stepped.FailureOf(thrower));
        Assert.Equal(SteppedThreadStatus.Failed, stepped.Step(thrower));
        Assert.Equal("broken", stepped.FailureOf(thrower)!.Message);
    }

    [Fact]
    public void Sleeping_inside_a_spinlock_section_fails_the_thread()
    {
        var stepped = new SteppedRuntime();
        var runtime = stepped.Runtime;
        var sleeper = stepped.Spawn("sleeper", async () =>
        {
            runtime.EnterAtomic("tree_lock");
            await runtime.Schedule(PointKind.Lock, Point);
        });

        Assert.Equal(SteppedThreadStatus.Failed, stepped.Step(sleeper));
        Assert.IsType<SleepingWhileAtomicException>(stepped.FailureOf(sleeper));
    }

    [Fact]
    public void Awaiting_what_the_runtime_does_not_control_is_refused()
    {
        var stepped = new SteppedRuntime();
        var escaper = stepped.Spawn("escaper", async () => await Task.Yield());
        var callers = SynchronizationContext.Current;

        var error = Assert.Throws<InvalidOperationException>(() => stepped.Step(escaper));

        Assert.Contains("uncontrolled concurrency", error.Message);
        Assert.Same(callers, SynchronizationContext.Current);
    }

    [Fact]
    public void Sleepers_are_described_with_the_cycle_that_holds_them()
    {
        var stepped = new SteppedRuntime();
        var runtime = stepped.Runtime;
        var lockA = new TestLock("A");
        var lockB = new TestLock("B");
        var ab = stepped.Spawn("ab", async () =>
        {
            await lockA.Lock(runtime);
            await lockB.Lock(runtime);
        });
        var ba = stepped.Spawn("ba", async () =>
        {
            await lockB.Lock(runtime);
            await lockA.Lock(runtime);
        });
        foreach (var thread in new[] { ab, ba, ab, ba, ab, ba })
        {
            stepped.Step(thread);
        }

        Assert.Equal(SteppedThreadStatus.Sleeping, stepped.StatusOf(ab));
        Assert.Equal(SteppedThreadStatus.Sleeping, stepped.StatusOf(ba));
        Assert.Equal(
            [
                "deadlock after step 5: T0(ab) -> T1(ba) -> T0(ab) wait for each other",
                "T0(ab) sleeps on lock B at lock(B), held by T1(ba)",
                "T1(ba) sleeps on lock A at lock(A), held by T0(ab)",
                "cycle: T0(ab) -> T1(ba) -> T0(ab)",
            ],
            stepped.DescribeSleepers());
    }

    private static async Task Writer(IKernelRuntime runtime, List<string> log, string name)
    {
        for (var i = 1; i <= 3; i++)
        {
            log.Add($"{name}{i}");
            if (i < 3)
            {
                await runtime.Schedule(PointKind.Yield, Point);
            }
        }
    }
}
