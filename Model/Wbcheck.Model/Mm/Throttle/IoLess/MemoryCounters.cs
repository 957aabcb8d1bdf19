namespace Wbcheck.Model.Mm.Throttle.IoLess;

/// <summary>
/// The page counts dirtyable memory is worked out from, as the vmstat counters and zone fields
/// a 64-bit kernel reads: free pages, the file and anonymous LRU lists, the part of each in high
/// memory, the highmem zone's high watermark, and the pages the allocator keeps in reserve
/// (dirty_balance_reserve in 3.x, totalreserve_pages from 4.x). All unsigned, as the kernel's.
/// </summary>
public sealed record MemoryCounters
{
    /// <summary>NR_FREE_PAGES, all zones.</summary>
    public ulong FreePages { get; init; }

    /// <summary>NR_ACTIVE_FILE + NR_INACTIVE_FILE, all zones.</summary>
    public ulong FileLru { get; init; }

    /// <summary>NR_ACTIVE_ANON + NR_INACTIVE_ANON, all zones.</summary>
    public ulong AnonLru { get; init; }

    /// <summary>Swap space is available, so anonymous pages count as reclaimable (2.6.36's global_reclaimable_pages).</summary>
    public bool SwapAvailable { get; init; }

    /// <summary>NR_FREE_PAGES of the highmem zone (zero: no CONFIG_HIGHMEM, as a 64-bit kernel).</summary>
    public ulong HighFreePages { get; init; }

    /// <summary>The file LRU pages of the highmem zone.</summary>
    public ulong HighFileLru { get; init; }

    /// <summary>The anonymous LRU pages of the highmem zone.</summary>
    public ulong HighAnonLru { get; init; }

    /// <summary>high_wmark_pages of the highmem zone; 3.x keeps it (with lowmem_reserve) as the zone's dirty_balance_reserve.</summary>
    public ulong HighWatermark { get; init; }

    /// <summary>dirty_balance_reserve (3.3 to 4.4) or totalreserve_pages (4.5 on): pages the allocator keeps free, not dirtyable.</summary>
    public ulong Reserve { get; init; }

    public override string ToString() =>
        $"free {FreePages}, file {FileLru}, anon {AnonLru}{(SwapAvailable ? " (swap)" : "")}, reserve {Reserve}" +
        (HighFreePages + HighFileLru + HighAnonLru + HighWatermark == 0 ? "" : $"; highmem free {HighFreePages}, file {HighFileLru}, anon {HighAnonLru}, high_wmark {HighWatermark}");
}
