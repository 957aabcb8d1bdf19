using Wbcheck.Model.Citations;

namespace Wbcheck.Model.Mm.Throttle.IoLess;

public sealed partial class PageWritebackThrottle
{
    /// <summary>
    /// The pages the page cache could dirty: free plus reclaimable, less what the allocator keeps
    /// in reserve and (unless vm.highmem_is_dirtyable) less high memory, plus one so that the
    /// ratios never divide by zero.
    /// <list type="bullet">
    /// <item>2.6.29: free plus every LRU page (global_lru_pages, anonymous ones included).</item>
    /// <item>2.6.36: free plus global_reclaimable_pages: file LRU, and anonymous LRU only with swap.</item>
    /// <item>3.19: dirty_balance_reserve (ab8fabd46f81, 3.3) comes off the free pages only (a804552b9a15,
    /// 3.14, whose series also stopped counting anonymous pages) and never below zero (c8b74c2f6604,
    /// Sonny Rao's "mm: fix calculation of dirtyable memory", 3.8; docs/eras.md section 11).</item>
    /// <item>4.13 on: totalreserve_pages in its place (Johannes Weiner's "mm: page_alloc: generalize the
    /// dirty balance reserve", 4.5; id not found; docs/eras.md section 11).</item>
    /// </list>
    /// </summary>
    [Models("mm/page-writeback.c", "determine_dirtyable_memory", "2.6.29")]
    [Models("mm/page-writeback.c", "determine_dirtyable_memory", "2.6.36")]
    [Models("mm/page-writeback.c", "global_dirtyable_memory", "3.18")]
    [Models("mm/page-writeback.c", "global_dirtyable_memory", "4.19")]
    public ulong GlobalDirtyableMemory(MemoryCounters memory, ThrottleSettings settings)
    {
        var x = Dirtyable(memory.FreePages, memory.Reserve, memory.FileLru, memory.AnonLru, memory.SwapAvailable);
        if (!settings.HighmemIsDirtyable)
        {
            x -= HighmemDirtyableMemory(memory, x);
        }

        return x + 1;
    }

    /// <summary>
    /// The high memory among <paramref name="total"/> dirtyable pages, never more than it ("this
    /// can only occur in very strange VM situations"). 3.x takes the zone's dirty_balance_reserve
    /// (its high watermark) off the zone's free pages, clamped at zero; 4.x the high watermark.
    /// </summary>
    [Models("mm/page-writeback.c", "highmem_dirtyable_memory", "2.6.29")]
    [Models("mm/page-writeback.c", "highmem_dirtyable_memory", "3.18")]
    [Models("mm/page-writeback.c", "highmem_dirtyable_memory", "4.19")]
    public ulong HighmemDirtyableMemory(MemoryCounters memory, ulong total)
    {
        var x = Dirtyable(memory.HighFreePages, memory.HighWatermark, memory.HighFileLru, memory.HighAnonLru, memory.SwapAvailable);
        return Math.Min(x, total);
    }

    /// <summary>
    /// Free plus reclaimable pages, as both the global and the highmem count take them in this
    /// era: before 3.19 the LRU pages (anonymous ones only with swap, except in 2.6.29); from
    /// 3.19 the free pages less <paramref name="reserve"/>, never below zero, plus the file LRU.
    /// </summary>
    private ulong Dirtyable(ulong free, ulong reserve, ulong fileLru, ulong anonLru, bool swapAvailable)
    {
        if (Era.Before(KernelEra.V3_19))
        {
            return free + (Era.Is(KernelEra.V2_6_29) || swapAvailable ? fileLru + anonLru : fileLru);
        }

        return free - Math.Min(free, reserve) + fileLru;
    }
}
