using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Primitives;

/// <summary>Starting threads that can be joined (shuttle's <c>thread::spawn</c>).</summary>
public static class Threads
{
    /// <summary>Start a model thread running <paramref name="body"/>; join it with the handle returned.</summary>
    public static JoinHandle SpawnJoinable(this IKernelRuntime runtime, string name, Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(body);
        var handle = new JoinHandle(runtime, name);
        handle.Started(runtime.Spawn(name, async () =>
        {
            try
            {
                await body();
            }
            finally
            {
                handle.Finish();
            }
        }));
        return handle;
    }
}
