using System.Runtime.CompilerServices;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The builder of the model's async methods, driven as the engine drives it: one thread, a
/// synchronization context that must never see a post, and continuations parked and resumed
/// one at a time.
/// </summary>
public sealed class ModelMethodBuilderTests
{
    [Fact]
    public void A_suspended_method_resumes_its_caller_inline_without_posting_to_the_context()
    {
        var harness = new Harness();

        var caller = harness.Run(async () =>
        {
            await harness.Inner();
            await harness.Inner();
        });

        Assert.Equal(2, harness.ResumeAll());
        Assert.True(caller.IsCompletedSuccessfully);
        Assert.Equal(0, harness.Context.Posts);
    }

    [Fact]
    public void A_result_and_an_exception_reach_the_caller_after_a_suspension()
    {
        var harness = new Harness();
        var value = 0;
        Exception? caught = null;

        harness.Run(async () =>
        {
            value = await harness.Twice(21);
            try
            {
                await harness.Failing();
            }
            catch (InvalidOperationException e)
            {
                caught = e;
            }
        });
        harness.ResumeAll();

        Assert.Equal(42, value);
        Assert.Equal("failed after a suspension", caught?.Message);
    }

    [Fact]
    public async Task A_method_that_never_suspends_completes_synchronously()
    {
        var harness = new Harness();

        var result = harness.Twice(21, suspend: false);

        Assert.True(result.IsCompletedSuccessfully);
        Assert.Equal(42, await result);
    }

    [Fact]
    public void Awaiting_a_model_method_twice_is_refused()
    {
        var harness = new Harness();
        Exception? second = null;

        harness.Run(async () =>
        {
            var once = harness.Inner();
            await once;
            try
            {
                await once;
            }
            catch (InvalidOperationException e)
            {
                second = e;
            }
        });
        harness.ResumeAll();

        Assert.Contains("await it exactly once", second?.Message);
    }

    /// <summary>
    /// Frames are pooled: once warm, a call that suspends allocates none of a Task's box, its
    /// continuation delegate and its context continuation. What remains is the state machine
    /// itself where the compiler makes it a class (Debug builds), so the test compares with the
    /// same methods returning Task rather than asserting zero.
    /// </summary>
    [Fact]
    public void A_suspending_call_allocates_less_than_half_what_a_task_method_does()
    {
        var harness = new Harness();

        var pooled = harness.BytesPerCall(async count =>
        {
            for (var i = 0; i < count; i++)
            {
                await harness.Inner();
                await harness.Twice(i);
            }
        });
        var tasks = harness.BytesPerCall(async count =>
        {
            for (var i = 0; i < count; i++)
            {
                await harness.InnerTask();
                await harness.TwiceTask(i);
            }
        });

        Assert.True(pooled * 2 < tasks, $"model methods allocated {pooled} bytes a call, Task methods {tasks}");
    }

    /// <summary>A parking point like the runtime's, and the model methods under test.</summary>
    private sealed class Harness
    {
        private readonly Queue<Action> parked = new();

        public CountingContext Context { get; } = new();

        public Task Run(Func<Task> body) => WithContext(body);

        /// <summary>Resume parked continuations one at a time until none is left; how many ran.</summary>
        public int ResumeAll() => WithContext(() =>
        {
            var resumed = 0;
            while (parked.TryDequeue(out var next))
            {
                next();
                resumed++;
            }

            return resumed;
        });

        [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
        public async ValueTask Inner() => await new Park(parked);

        [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
        public async ValueTask<int> Twice(int value, bool suspend = true)
        {
            if (suspend)
            {
                await new Park(parked);
            }

            return 2 * value;
        }

        public async Task InnerTask() => await new Park(parked);

        public async Task<int> TwiceTask(int value)
        {
            await new Park(parked);
            return 2 * value;
        }

        [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
        public async ValueTask Failing()
        {
            await new Park(parked);
            throw new InvalidOperationException("failed after a suspension");
        }

        /// <summary>
        /// Bytes a call allocates, warm, where <paramref name="calls"/>(n) makes n pairs of calls:
        /// the difference between 1,001 pairs and one, so the caller's own cost cancels out.
        /// </summary>
        public double BytesPerCall(Func<int, Task> calls)
        {
            long Measure(int count)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                Run(() => calls(count));
                ResumeAll();
                return GC.GetAllocatedBytesForCurrentThread() - before;
            }

            Measure(10);
            return (Measure(1_001) - Measure(1)) / 2_000.0;
        }

        private T WithContext<T>(Func<T> action)
        {
            var previous = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(Context);
            try
            {
                return action();
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(previous);
            }
        }
    }

    /// <summary>The engine's context refuses every post; this one counts them.</summary>
    private sealed class CountingContext : SynchronizationContext
    {
        public int Posts { get; private set; }

        public override void Post(SendOrPostCallback d, object? state) => Posts++;
    }

    private readonly struct Park(Queue<Action> parked)
    {
        public Awaiter GetAwaiter() => new(parked);

        public readonly struct Awaiter(Queue<Action> parked) : ICriticalNotifyCompletion
        {
            public bool IsCompleted => false;

            public void GetResult()
            {
            }

            public void OnCompleted(Action continuation) => parked.Enqueue(continuation);

            public void UnsafeOnCompleted(Action continuation) => parked.Enqueue(continuation);
        }
    }
}
