namespace Wbcheck.Model;

/// <summary>Bugs of the per-zone and per-node dirty limits of the page allocator.</summary>
public sealed partial record Faults
{
    /// <summary>
    /// The allocator's fast path takes a buffered write's page (__GFP_WRITE) from the first zone
    /// of the zonelist whatever its dirty pages, as before a756cf590853 ("mm: try to distribute
    /// dirty pages fairly across zones", 3.3): zone_dirty_ok / node_dirty_ok never asked, so one
    /// writer fills its own node with dirty pages while the others have room.
    /// </summary>
    public bool NodeDirtyLimitIgnored { get; init; }

    /// <summary>
    /// get_page_from_freelist gives up at the first zone (node) over its dirty limit, as if its
    /// `continue` were a `break`: the slow path then takes the page from the writer's own node
    /// while the others have room, and counts it as its own. An allowance that trusts that count
    /// cannot see the bug.
    /// </summary>
    public bool DirtyLimitStopsZonelistScan { get; init; }
}
