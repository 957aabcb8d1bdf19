using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;

namespace Wbcheck.Model.Runtime;

/// <summary>
/// What a suspended model method's <see cref="ValueTask"/> stands for until it completes: the
/// result or exception, and the one caller waiting for it, resumed inline on completion.
/// Reused once its result is read; the version tells a stale <see cref="ValueTask"/> (awaited
/// twice, or kept past its await) from the current one.
/// </summary>
internal abstract class ModelMethodBox<TResult> : IValueTaskSource<TResult>, IValueTaskSource
{
    private Action<object?>? continuation;
    private object? continuationState;
    private TResult? result;
    private ExceptionDispatchInfo? error;
    private bool completed;

    internal short Version { get; private set; }

    public ValueTaskSourceStatus GetStatus(short token)
    {
        CheckToken(token);
        return !completed ? ValueTaskSourceStatus.Pending
            : error is null ? ValueTaskSourceStatus.Succeeded
            : error.SourceException is OperationCanceledException ? ValueTaskSourceStatus.Canceled
            : ValueTaskSourceStatus.Faulted;
    }

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        CheckToken(token);
        if (this.continuation is not null)
        {
            throw new InvalidOperationException("a model method's ValueTask was awaited twice; await it exactly once");
        }

        // Whatever the flags ask, no context and no thread pool: see ModelMethodBuilder<TResult>.
        if (completed)
        {
            continuation(state);
            return;
        }

        this.continuation = continuation;
        continuationState = state;
    }

    public TResult GetResult(short token)
    {
        CheckToken(token);
        if (!completed)
        {
            throw new InvalidOperationException("a model method's result was read before the method completed; await it");
        }

        var value = result;
        var failure = error;
        result = default;
        error = null;
        completed = false;
        Version++;
        Recycle();
        failure?.Throw();
        return value!;
    }

    void IValueTaskSource.GetResult(short token) => GetResult(token);

    internal void SetResult(TResult value)
    {
        result = value;
        Complete();
    }

    internal void SetException(Exception exception)
    {
        error = ExceptionDispatchInfo.Capture(exception);
        Complete();
    }

    /// <summary>Back to the pool: the result has been read and nobody may use this frame's ValueTask again.</summary>
    private protected abstract void Recycle();

    private void Complete()
    {
        completed = true;
        var next = continuation;
        if (next is null)
        {
            return;
        }

        // Cleared first: the caller resumed here reads the result, which recycles this frame,
        // and may reuse it before this call returns.
        var state = continuationState;
        continuation = null;
        continuationState = null;
        next(state);
    }

    private void CheckToken(short token)
    {
        if (token != Version)
        {
            throw new InvalidOperationException("a model method's ValueTask was used after its result was read; await it exactly once and do not keep it");
        }
    }
}
