namespace Wbcheck.Model;

/// <summary>Bugs of the memcg's limit reclaim.</summary>
public sealed partial record Faults
{
    /// <summary>
    /// memcg reclaim waits on a PG_reclaim page under writeback whatever the charge's gfp mask,
    /// as if neither 3.6's __GFP_IO gate nor 4.2's may_enter_fs gate (ecf5fc6e9654) were there:
    /// a filesystem charging with GFP_NOFS (or GFP_NOIO) while it holds pages under writeback in a
    /// bio it has not submitted waits for its own I/O.
    /// </summary>
    public bool MemcgReclaimWaitIgnoresGfp { get; init; }
}
