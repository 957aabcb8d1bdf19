namespace Wbcheck.Model;

/// <summary>Bugs of cgroup writeback (4.2: a bdi_writeback per memcg) that can be switched in, each to prove the check meant to catch it.</summary>
public sealed partial record Faults
{
    /// <summary>
    /// The flushers walk every dirty inode of the disk, whichever wb it belongs to, as the one wb
    /// of a disk did before cgroup writeback: a memcg over its background threshold makes its
    /// flusher write the root's inodes too, and the root's flusher writes the memcg's.
    /// </summary>
    public bool FlusherIgnoresWb { get; init; }

    /// <summary>
    /// wb_writeout_inc credits the root wb for a completed page of a memcg's inode: the memcg's
    /// wb never counts WB_WRITTEN nor a completion in either domain, so its share of both
    /// domains' thresholds stays 0 and its write bandwidth estimate falls to nothing.
    /// </summary>
    public bool CgwbCompletionsToRoot { get; init; }
}
