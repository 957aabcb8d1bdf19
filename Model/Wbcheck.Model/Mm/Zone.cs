using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Throttle;

namespace Wbcheck.Model.Mm;

/// <summary>
/// struct zone, as much of it as the allocator and the per-zone dirty limits need: the node it
/// belongs to, whether it is high memory, how many pages it manages, and its free frames (the
/// per-cpu list: the most recently freed first). A frame belongs to one zone for its life.
/// Unless the machine sets min_free_kbytes (Machine.MinFreeKbytes) the model has no watermarks
/// and does not bound memory (a zone always has a frame to give: the scenarios may cache more
/// pages than the machine has), so only the dirty limits make the allocator pass a zone over.
/// </summary>
[Models("include/linux/mmzone.h", "struct zone", "3.18")]
[Models("include/linux/mmzone.h", "struct zone", "4.19")]
public sealed class Zone(int id, int node, bool highmem, long managedPages)
{
    /// <summary>The zone's place in <see cref="PageAlloc.Zones"/>.</summary>
    public int Id { get; } = id;

    /// <summary>zone_to_nid.</summary>
    public int Node { get; } = node;

    /// <summary>is_highmem: ZONE_HIGHMEM (a 32-bit machine's memory above the kernel's direct map).</summary>
    public bool IsHighmem { get; } = highmem;

    /// <summary>managed_pages (present_pages before 3.x's managed_pages; the model has no holes).</summary>
    public long ManagedPages { get; } = managedPages;

    /// <summary>Free frames of the zone, the most recently freed on top.</summary>
    internal Stack<Page> Free { get; } = new();

    /// <summary>
    /// zone-&gt;watermark[WMARK_MIN, WMARK_LOW, WMARK_HIGH], set at boot from vm.min_free_kbytes
    /// (<see cref="PageAlloc"/>'s __setup_per_zone_wmarks); all zero on the model's machine
    /// without watermarks.
    /// </summary>
    [Models("include/linux/mmzone.h", "enum zone_watermarks", "3.18")]
    public long[] Watermark { get; } = new long[3];

    /// <summary>min_wmark_pages.</summary>
    public long MinWmarkPages => Watermark[(int)Wmark.Min];

    /// <summary>low_wmark_pages.</summary>
    public long LowWmarkPages => Watermark[(int)Wmark.Low];

    /// <summary>high_wmark_pages.</summary>
    public long HighWmarkPages => Watermark[(int)Wmark.High];

    /// <summary>
    /// lowmem_reserve[] against the page cache's classzone (the highest zone of the node): the
    /// pages a ZONE_NORMAL keeps from allocations that could have used its node's ZONE_HIGHMEM
    /// (HighMem's managed pages / sysctl_lowmem_reserve_ratio[ZONE_NORMAL], 32 on a highmem
    /// kernel); zero for the node's highest zone.
    /// </summary>
    [Models("include/linux/mmzone.h", "struct zone (lowmem_reserve)", "3.18")]
    public long LowmemReserve { get; internal set; }

    /// <summary>
    /// What calculate_totalreserve_pages counts for the zone: its largest lowmem_reserve plus its
    /// high watermark, at most its managed pages. The zone's dirty_balance_reserve in 3.3 to 4.4;
    /// its part of totalreserve_pages (and, from 4.8, of its node's totalreserve_pages).
    /// </summary>
    [Models("mm/page_alloc.c", "calculate_totalreserve_pages", "3.18")]
    public long ReservePages { get; internal set; }

    /// <summary>
    /// NR_ALLOC_BATCH (3.12 to 4.7): what is left of the zone's batch in the fair zone allocation
    /// policy's round; set to high_wmark - low_wmark at boot and at each reset, one less for
    /// every page the zone gives, and expected to go negative ("these batches are expected to go
    /// negative regardless of concurrency").
    /// </summary>
    [Models("include/linux/mmzone.h", "NR_ALLOC_BATCH", "3.18")]
    public long AllocBatch { get; internal set; }

    /// <summary>ZONE_FAIR_DEPLETED: the batch ran out; the fair pass passes the zone over until the next reset.</summary>
    [Models("include/linux/mmzone.h", "ZONE_FAIR_DEPLETED", "3.18")]
    public bool FairDepleted { get; internal set; }

    /// <summary>
    /// The zones of <paramref name="machine"/>: one ZONE_NORMAL a node; a one-node machine with
    /// high memory has ZONE_NORMAL (its low memory) and ZONE_HIGHMEM.
    /// </summary>
    [Models("mm/page_alloc.c", "free_area_init_node", "4.19")]
    public static IReadOnlyList<Zone> Layout(Machine machine)
    {
        if (machine.TotalHighPages > 0)
        {
            return machine.LowPages > 0
                ? [new Zone(0, 0, highmem: false, machine.LowPages), new Zone(1, 0, highmem: true, machine.TotalHighPages)]
                : [new Zone(0, 0, highmem: true, machine.TotalHighPages)];
        }

        return [.. Enumerable.Range(0, machine.Nodes).Select(node => new Zone(node, node, highmem: false, machine.NodePages(node)))];
    }

    public override string ToString() => $"{(IsHighmem ? "HighMem" : "Normal")} of node {Node}";
}
