using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm;

/// <summary>
/// The fair zone allocation policy (3.12 to 4.7): the fast path's first pass (ALLOC_FAIR) takes
/// pages from the local node's zones in zonelist order, each until its batch (NR_ALLOC_BATCH,
/// high_wmark - low_wmark pages) runs out, so that every zone of the node ages its pages at the
/// same pace. When every local zone's batch is out, the batches are reset and the second pass,
/// without fairness, takes the first zone that can give a page. With the model's zero
/// watermarks a batch is 0: each zone gives one page a round, so a node's zones take turns.
/// </summary>
public sealed partial class PageAlloc
{
    /// <summary>
    /// Whether <paramref name="zone"/> is on <paramref name="localZone"/>'s node (true on a kernel
    /// without CONFIG_NUMA, which the model's one-node machine stands for as well).
    /// </summary>
    [Models("mm/page_alloc.c", "zone_local", "3.18")]
    private static bool ZoneLocal(Zone localZone, Zone zone) => localZone.Node == zone.Node;

    /// <summary>
    /// Take a page off <paramref name="zone"/> (the frame itself is <see cref="TryAllocPage"/>'s):
    /// one less in its batch, in every era that has one and on every pass, the slow path's
    /// included; a batch at or below zero marks the zone depleted.
    /// </summary>
    [Models("mm/page_alloc.c", "buffered_rmqueue", "3.18")]
    private void BufferedRmqueue(Zone zone)
    {
        if (!kernel.Era.FairZoneAllocation())
        {
            return;
        }

        zone.AllocBatch--;
        if (zone.AllocBatch <= 0 && !zone.FairDepleted)
        {
            zone.FairDepleted = true;
        }
    }

    /// <summary>
    /// A new round: every zone of the preferred zone's node up to it (node_zones order, lowest
    /// first) gets a full batch, high_wmark - low_wmark, and is no longer depleted.
    /// </summary>
    [Models("mm/page_alloc.c", "reset_alloc_batches", "3.18")]
    private void ResetAllocBatches(Zone preferredZone)
    {
        foreach (var zone in Zones.Where(z => z.Node == preferredZone.Node).OrderBy(z => z.IsHighmem))
        {
            zone.AllocBatch = zone.HighWmarkPages - zone.LowWmarkPages;
            zone.FairDepleted = false;
            if (zone == preferredZone)
            {
                break;
            }
        }
    }
}
