using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm.Throttle;

public sealed partial class DirtyThrottle
{
    /// <summary>The threads inside an IOCB_NOWAIT buffered write, which must not sleep in the throttle.</summary>
    private readonly HashSet<ModelThread> nowaitWriters = [];

    /// <summary>
    /// Mark the current thread as inside an IOCB_NOWAIT write until the returned scope is
    /// disposed: io_schedule_timeout in the throttle is then a bug (the model's check that
    /// BDP_ASYNC is honoured; the kernel would block io_uring's submitting task).
    /// </summary>
    public IDisposable EnterNowaitWrite()
    {
        var thread = kernel.Runtime.Current;
        nowaitWriters.Add(thread);
        return new NowaitScope(nowaitWriters, thread);
    }

    private sealed class NowaitScope(HashSet<ModelThread> writers, ModelThread thread) : IDisposable
    {
        public void Dispose() => writers.Remove(thread);
    }
}
