using System.Runtime.CompilerServices;

namespace Wbcheck.Model.Runtime;

/// <summary>
/// The async method builder of the model's <c>async ValueTask</c> methods (kernel functions that
/// may sleep or be preempted): <c>[AsyncMethodBuilder(typeof(ModelMethodBuilder))]</c>. A call
/// that completes without suspending (always, under the sequential executor) allocates nothing;
/// one that suspends takes a pooled frame, returned when its caller reads the result. See
/// <see cref="ModelMethodBuilder{TResult}"/> for why this is not the framework's pooling builder.
/// Like any <see cref="ValueTask"/>, the result must be awaited exactly once and never stored.
/// </summary>
public struct ModelMethodBuilder
{
    private ModelMethodBuilder<ValueTuple> inner;

    public static ModelMethodBuilder Create() => default;

    public ValueTask Task => inner.UntypedTask;

    public void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine => stateMachine.MoveNext();

    public void SetStateMachine(IAsyncStateMachine stateMachine)
    {
        // Frames are created by the builder itself; the compiler's boxing path is never taken.
    }

    public void SetResult() => inner.SetResult(default);

    public void SetException(Exception exception) => inner.SetException(exception);

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine => inner.AwaitOnCompleted(ref awaiter, ref stateMachine);

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine => inner.AwaitUnsafeOnCompleted(ref awaiter, ref stateMachine);
}
