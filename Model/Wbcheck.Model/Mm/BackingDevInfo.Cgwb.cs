using Wbcheck.Model.Citations;
using Wbcheck.Model.Locking;

namespace Wbcheck.Model.Mm;

/// <summary>The backing_dev_info's part in cgroup writeback that sync(2) meets.</summary>
public sealed partial class BackingDevInfo
{
    /// <summary>
    /// bdi-&gt;wb_switch_rwsem ("no cgwb switch while syncing", 5.0,
    /// <see cref="KernelEras.SyncExcludesWbSwitches"/>): sync_inodes_sb holds it for writing while
    /// its works run on the wbs, a switch work holds it for reading while it moves inodes.
    /// </summary>
    [Models("include/linux/backing-dev-defs.h", "struct backing_dev_info (wb_switch_rwsem)", "6.9")]
    public RwSemaphore WbSwitchRwsem { get; } = new("wb_switch_rwsem");
}
