namespace Wbcheck.Model;

/// <summary>
/// How a filesystem that holds its own locks keeps its allocations out of itself, era by era
/// (docs/reclaim-and-filesystems.md): the gfp mask of the allocation, or a scope on the task.
/// </summary>
public static class GfpEras
{
    /// <summary>
    /// address_space_operations-&gt;write_begin, in which a filesystem allocates the page-cache
    /// page itself (grab_cache_page_write_begin) and may hold its own lock across the allocation,
    /// passing AOP_FLAG_NOFS to drop __GFP_FS (ext4_write_begin: "We cannot recurse into the
    /// filesystem as the transaction is already started" [V: an ext4 of 2.6.3x]). Nick Piggin's
    /// write_begin/write_end aops, 2.6.24, and AOP_FLAG_NOFS by 2.6.29 [R: releases recalled,
    /// ids not found]. Before, generic_file_buffered_write allocated the page
    /// (__grab_cache_page, mapping_gfp_mask) before it called -&gt;prepare_write, so the page was
    /// never allocated under the filesystem's lock. The model's 2.6.29 era on.
    /// </summary>
    public static bool HasWriteBegin(this KernelEra era) => era.AtLeast(KernelEra.V2_6_29);

    /// <summary>
    /// The scope API, memalloc_nofs_save/memalloc_nofs_restore (PF_MEMALLOC_NOFS): every
    /// allocation inside the scope drops __GFP_FS (current_gfp_context), and jbd2 opens one for
    /// each running handle (Michal Hocko's series, "jbd2: mark the transaction context with the
    /// scope GFP_NOFS context", linux-mm, 15 December 2016 [V: the posting]); 4.12 [R], after
    /// which ext4 allocates its write_begin page with mapping_gfp_mask inside the scope [V: the
    /// ext4 inline-data diff that replaced AOP_FLAG_NOFS with memalloc_nofs_save]. The model's
    /// 4.13 era on.
    /// </summary>
    public static bool HasMemallocNofsScope(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// An allocation without __GFP_FS does not call the OOM killer: 2.6.20's __alloc_pages tests
    /// `(gfp_mask &amp; __GFP_FS) &amp;&amp; !(gfp_mask &amp; __GFP_NORETRY)` before out_of_memory and retries
    /// otherwise [R]; from 4.x out_of_memory returns true without a kill [V]. 2.5.31's
    /// try_to_free_pages ends its priority loop with out_of_memory() whatever the mask [V: the "-"
    /// side of akpm's per-zone-lru patch against 2.5.31, read by review22], so the list era has no gate.
    /// </summary>
    public static bool NofsAllocationSkipsOomKiller(this KernelEra era) => !era.HasPageLists();
}
