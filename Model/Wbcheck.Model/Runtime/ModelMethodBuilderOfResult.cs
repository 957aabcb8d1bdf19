using System.Runtime.CompilerServices;

namespace Wbcheck.Model.Runtime;

/// <summary>
/// The async method builder of the model's <c>async ValueTask&lt;T&gt;</c> methods:
/// <c>[AsyncMethodBuilder(typeof(ModelMethodBuilder&lt;&gt;))]</c>. A call that completes without
/// suspending allocates nothing; one that suspends copies its state machine into a frame taken
/// from a per-thread pool, and the frame goes back when the caller reads the result.
/// </summary>
/// <remarks>
/// The framework's <see cref="PoolingAsyncValueTaskMethodBuilder{TResult}"/> would pool frames
/// too, but it resumes the awaiting caller by posting to the synchronization context captured at
/// the await. The engine installs a context that reports every post as uncontrolled concurrency
/// (that is how it catches Task.Yield), so the caller must resume inline instead, within the same
/// step, as an awaited <see cref="Task"/> does on that context. These frames always resume their
/// caller inline: everything a model thread runs stays on the engine's thread.
/// </remarks>
public struct ModelMethodBuilder<TResult>
{
    private ModelMethodBox<TResult>? box;
    private TResult result;
    private Exception? exception;

    public static ModelMethodBuilder<TResult> Create() => default;

    public ValueTask<TResult> Task =>
        box is not null ? new ValueTask<TResult>(box, box.Version)
        : exception is not null ? ValueTask.FromException<TResult>(exception)
        : new ValueTask<TResult>(result);

    /// <summary>The same result without its value, for <see cref="ModelMethodBuilder"/>.</summary>
    internal readonly ValueTask UntypedTask =>
        box is not null ? new ValueTask(box, box.Version)
        : exception is not null ? ValueTask.FromException(exception)
        : default;

    public void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine => stateMachine.MoveNext();

    public void SetStateMachine(IAsyncStateMachine stateMachine)
    {
        // Frames are created by the builder itself; the compiler's boxing path is never taken.
    }

    public void SetResult(TResult value)
    {
        if (box is null)
        {
            result = value;
        }
        else
        {
            box.SetResult(value);
        }
    }

    public void SetException(Exception error)
    {
        if (box is null)
        {
            exception = error;
        }
        else
        {
            box.SetException(error);
        }
    }

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine => awaiter.OnCompleted(FrameOf(ref stateMachine).MoveNextAction);

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine => awaiter.UnsafeOnCompleted(FrameOf(ref stateMachine).MoveNextAction);

    /// <summary>The frame the state machine runs in from its first suspension on.</summary>
    private PooledModelMethodBox<TResult, TStateMachine> FrameOf<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        if (box is PooledModelMethodBox<TResult, TStateMachine> frame)
        {
            return frame;
        }

        frame = PooledModelMethodBox<TResult, TStateMachine>.Rent();

        // Before the copy: the copy's builder (this one's field) must already know its frame.
        box = frame;
        frame.StateMachine = stateMachine;
        return frame;
    }
}
