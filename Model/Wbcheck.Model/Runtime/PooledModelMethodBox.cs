using System.Runtime.CompilerServices;

namespace Wbcheck.Model.Runtime;

/// <summary>
/// The frame of one model method (one state machine type): its state machine, copied in at the
/// first suspension, and the continuation that resumes it, made once per frame. Frames are pooled
/// per OS thread (each engine worker has its own), up to as many per method as may be suspended
/// in it at once.
/// </summary>
internal sealed class PooledModelMethodBox<TResult, TStateMachine> : ModelMethodBox<TResult>
    where TStateMachine : IAsyncStateMachine
{
    /// <summary>More than the model threads of any scenario suspended in one method at once.</summary>
    private const int MaxPooled = 16;

    [ThreadStatic]
    private static PooledModelMethodBox<TResult, TStateMachine>? free;

    [ThreadStatic]
    private static int freeCount;

    /// <summary>A field, not a property: the state machine is a struct that runs in place.</summary>
    internal TStateMachine StateMachine = default!;

    private PooledModelMethodBox<TResult, TStateMachine>? nextFree;

    private PooledModelMethodBox() => MoveNextAction = MoveNext;

    /// <summary>Resumes the state machine; handed to whatever the method awaits.</summary>
    internal Action MoveNextAction { get; }

    internal static PooledModelMethodBox<TResult, TStateMachine> Rent()
    {
        var frame = free;
        if (frame is null)
        {
            return new PooledModelMethodBox<TResult, TStateMachine>();
        }

        free = frame.nextFree;
        frame.nextFree = null;
        freeCount--;
        return frame;
    }

    private protected override void Recycle()
    {
        StateMachine = default!;
        if (freeCount < MaxPooled)
        {
            nextFree = free;
            free = this;
            freeCount++;
        }
    }

    private void MoveNext() => StateMachine.MoveNext();
}
