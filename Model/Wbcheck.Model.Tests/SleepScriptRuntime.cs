using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>
/// The sequential executor, recording the wait queue of each sleep in order and running what a
/// test scripts around a sleep by its number (from 0): <see cref="BeforeSleep"/> before the
/// executor sleeps (another writer queueing meanwhile), <see cref="AfterSleep"/> after a sleep
/// it woke from (another writer running before the woken one looks again).
/// </summary>
internal sealed class SleepScriptRuntime() : ForwardingRuntime(new SequentialRuntime())
{
    /// <summary>The names of the wait queues slept on, in order.</summary>
    public List<string> SleptOn { get; } = [];

    public Dictionary<int, Action> BeforeSleep { get; } = [];

    public Dictionary<int, Action> AfterSleep { get; } = [];

    public override Preemption Sleep(WaitQueue queue, StepLabel label)
    {
        var number = SleptOn.Count;
        SleptOn.Add(queue.Name);
        if (BeforeSleep.Remove(number, out var before))
        {
            before();
        }

        var woken = Inner.Sleep(queue, label);
        if (AfterSleep.Remove(number, out var after))
        {
            after();
        }

        return woken;
    }
}
