using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Primitives;

/// <summary>
/// Threads waiting in arrival order, each on a wait queue of its own (all named alike), so that
/// one of them can be woken: the hand-off of a fair <see cref="AsyncLock"/>, the wake-up of
/// <see cref="ConditionVariable.NotifyOne"/>.
/// </summary>
internal sealed class FifoWaiters(string queueName)
{
    private readonly List<(ModelThread Thread, WaitQueue Queue)> waiting = [];

    public int Count => waiting.Count;

    /// <summary>Put <paramref name="thread"/> last; it sleeps on the queue returned until woken.</summary>
    public WaitQueue Enqueue(ModelThread thread, ModelThread? holder)
    {
        var queue = new WaitQueue(queueName) { Holder = holder };
        waiting.Add((thread, queue));
        return queue;
    }

    /// <summary>Wake the first thread, if any, and return it.</summary>
    public ModelThread? WakeFirst(IKernelRuntime runtime)
    {
        if (waiting.Count == 0)
        {
            return null;
        }

        var (thread, queue) = waiting[0];
        waiting.RemoveAt(0);
        runtime.WakeAll(queue);
        return thread;
    }

    /// <summary>Wake every waiting thread.</summary>
    public void WakeAll(IKernelRuntime runtime)
    {
        foreach (var (_, queue) in waiting)
        {
            runtime.WakeAll(queue);
        }

        waiting.Clear();
    }

    /// <summary>Name <paramref name="holder"/> as who the waiters wait for (the deadlock report's wait-for graph).</summary>
    public void SetHolder(ModelThread? holder)
    {
        foreach (var (_, queue) in waiting)
        {
            queue.Holder = holder;
        }
    }
}
