using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class Filemap
{
    /// <summary>The tasks inside a buffered write(2), by the disk they write to: current-&gt;backing_dev_info.</summary>
    private readonly Dictionary<ModelThread, BackingDevInfo> writingTo = [];

    /// <summary>
    /// current-&gt;backing_dev_info: the disk the running task is writing to through write(2), or
    /// null. The write path sets it around the copy and the throttle ("We can write back this
    /// queue in page reclaim"), so that page reclaim inside the writer's own allocation may write
    /// that disk's dirty pages even while its queue is congested (<see cref="Vmscan.MayWriteToQueue"/>,
    /// the one reader). Task-local: no other thread reads it, so no access is recorded. Set from
    /// 2.6.20 until the field went (6.5 [R]; <see cref="ListEraThrottleEras.WriteSetsCurrentBackingDevInfo"/>), read only where
    /// the gate exists (2.6.20 to 2.6.36): 2.5.31 had neither the field's use in shrink_list nor
    /// its setting in generic_file_write_nolock (a BK change of September 2002 added both [V: the
    /// diff quoted on linux-mm]), so it is never set in the list era; from 3.2 only
    /// kswapd, which may write to any queue, writes filesystem pages; the field was removed in
    /// 2023 [R].
    /// </summary>
    [Models("include/linux/sched.h", "struct task_struct (backing_dev_info)", "2.6.20")]
    [Models("include/linux/sched.h", "struct task_struct (backing_dev_info)", "3.18")]
    public BackingDevInfo? CurrentBackingDevInfo() =>
        kernel.Runtime.CurrentOrNull() is { } current && writingTo.TryGetValue(current, out var bdi) ? bdi : null;

    /// <summary>
    /// Set (<paramref name="bdi"/>) or clear (null) the running task's current-&gt;backing_dev_info:
    /// __generic_file_aio_write_nolock (2.6.20), __generic_file_aio_write (2.6.2x, 3.x to 3.15)
    /// and __generic_file_write_iter (3.16 on) set it to the mapping's disk before
    /// generic_write_checks and clear it after the buffered write returns [V: the 2.6.1x-2.6.20
    /// and 3.x copies of those functions; fuse's and xfs's copies of the same lines].
    /// </summary>
    [Models("mm/filemap.c", "__generic_file_aio_write_nolock (current->backing_dev_info)", "2.6.20")]
    [Models("mm/filemap.c", "__generic_file_write_iter (current->backing_dev_info)", "3.18")]
    [Models("mm/filemap.c", "generic_file_write_nolock (no current->backing_dev_info)", "2.5.31")]
    internal void SetCurrentBackingDevInfo(BackingDevInfo? bdi)
    {
        // 2.5.31's task_struct has no backing_dev_info: its write path sets nothing.
        if (!kernel.Era.WriteSetsCurrentBackingDevInfo() || kernel.Runtime.CurrentOrNull() is not { } current)
        {
            return;
        }

        if (bdi is null)
        {
            writingTo.Remove(current);
        }
        else
        {
            writingTo[current] = bdi;
        }
    }
}
