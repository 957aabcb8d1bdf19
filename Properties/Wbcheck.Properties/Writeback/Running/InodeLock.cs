using Wbcheck.Model.Runtime;

namespace Wbcheck.Properties.Writeback.Running;

/// <summary>
/// i_rwsem, taken for writing, as the VFS takes it around the operations the model leaves to its
/// callers: write(2) holds it across generic_perform_write, and truncate and hole punching hold
/// it (punching holds invalidate_lock too) across truncate_inode_pages_range. That is what keeps
/// a write from putting a page back into a range while it is being truncated; faults on pages
/// already cached and writeback do not take it.
/// </summary>
internal sealed class InodeLock(int ino)
{
    private readonly WaitQueue queue = new($"i_rwsem of inode {ino}");
    private readonly StepLabel label = new("inode_lock", ino);
    private bool held;

    public async Task Lock(IKernelRuntime runtime)
    {
        await runtime.Schedule(PointKind.Lock, label);
        while (held)
        {
            await runtime.Sleep(queue, label);
        }

        held = true;
        queue.Holder = runtime.Current;
    }

    public void Unlock(IKernelRuntime runtime)
    {
        held = false;
        queue.Holder = null;
        runtime.WakeAll(queue);
    }
}
