namespace Wbcheck.Model;

/// <summary>
/// How truncate and the end of writeback changed, era by era: what the model of
/// mm/truncate.c and of a page's lifetime does differently in each.
/// </summary>
public static class TruncateEras
{
    /// <summary>
    /// truncate_inode_pages_range's first pass removes the pages it locked in one tree-lock
    /// section, delete_from_page_cache_batch: from 4.15 (Jan Kara, "mm: batch radix tree
    /// operations when truncating pages", October 2017). Before, each page went by itself
    /// (truncate_complete_page, then truncate_inode_page from 3.x), its dirtiness cancelled
    /// first and the tree lock taken for it alone.
    /// </summary>
    public static bool TruncatesInBatches(this KernelEra era) => era.AtLeast(KernelEra.V4_17);

    /// <summary>
    /// Both passes of truncate_inode_pages_range unmap a page they hold locked before removing it
    /// ("if (page_mapped(page)) unmap_mapping_range(mapping, page's offset, PAGE_CACHE_SIZE, 0)",
    /// later truncate_inode_page, truncate_cleanup_folio's unmap_mapping_folio): d00806b18315
    /// ("mm: fix fault vs invalidate race for linear mappings", Nick Piggin, 2.6.23 [I]; read: its
    /// mm/truncate.c hunks, whose context is the pre-patch loop with no unmap, as sent to Linus on
    /// linux-mm, 18 May 2007), the half of the fix that makes the fault's page lock
    /// (<see cref="PageTableEras.FaultLocksPage"/>) exclude truncation. Before, 2.6.20 relied on
    /// vmtruncate's unmap_mapping_range and do_no_page's truncate_count alone, and 2.5.31 on
    /// vmtruncate's zap_page_range alone: a pte a fault installs after that unmap stays, mapping a
    /// page truncate took out of the file. The model's 2.6.29 era on.
    /// </summary>
    public static bool TruncateUnmapsLockedFolio(this KernelEra era) => era.AtLeast(KernelEra.V2_6_29);

    /// <summary>
    /// The page cache has an invalidate_lock (<see cref="Mm.AddressSpace.InvalidateLock"/>):
    /// filemap_fault holds it shared while it reads a page in (the "mapping_locked" path, taken
    /// only when the page is not cached or not uptodate), and a filesystem's hole punch holds it
    /// exclusive from its page-cache truncation until the blocks are freed: 730633f0b7f9 ("mm:
    /// Protect operations adding pages to page cache with invalidate_lock", Jan Kara) [V: the id
    /// and title in "Fixes:" lines and a linux-next merge note; the patch as posted to
    /// linux-fsdevel on 23 April 2021, whose message draws the race (truncate_inode_pages_range,
    /// then a fault creating pages, then the block mapping updated and the blocks freed); git
    /// blame of 6.x filemap_fault giving it the mapping_locked lines], 5.15 [V: "Kernel version
    /// v5.15-rc1 commit 730633f0b7f9" in a configure check], with the filesystems converted in
    /// the same pull (ext4: d4f5258eae7b, "ext4: Convert to use mapping->invalidate_lock" [V: a
    /// mainline mirror whose 730633f0b7f9 is the same commit; 620c5080c86a, cited before, is its id
    /// in the branch Jan Kara pushed in June 2021, before the series was rebased: docs/eras.md
    /// section 122]). read(2) and readahead take it too (<see cref="Mm.Filemap.FilemapRead"/>).
    /// Inside the model's 5.0 era; the 6.9 era on.
    /// </summary>
    public static bool HasInvalidateLock(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>
    /// ext4 has its own i_mmap_sem, taken for reading around filemap_fault (ext4_filemap_fault)
    /// and ->page_mkwrite, and for writing across truncate and hole punching from the page-cache
    /// truncation to the end of the block removal: ea3d7209ca01 ("ext4: fix races between page
    /// faults and hole punching", Jan Kara) [V: the commit as backported to 3.16.83, its message
    /// and diff: "page fault faulting in a page into a range that we are punching after
    /// truncate_pagecache_range() has been called ... a page mapped to disk blocks that will be
    /// shortly freed"], 4.5 [I: authored 7 December 2015 per git blame, CVE-2015-8839's fix].
    /// 5.15 replaced it with the mapping's invalidate_lock (d4f5258eae7b, <see
    /// cref="HasInvalidateLock"/>). Only a filesystem that says it is of the ext4 kind takes it
    /// (<see cref="Fs.SimpleFsOptions.Ext4MmapSem"/>). Inside the model's 3.19 era; the 4.13 to
    /// 5.0 eras.
    /// </summary>
    public static bool HasExt4MmapSem(this KernelEra era) => era.AtLeast(KernelEra.V4_13) && era.Before(KernelEra.V6_9);

    /// <summary>
    /// ext4_punch_hole truncates the range's page cache a second time after freeing its blocks
    /// ("Now release the pages again to reduce race window"), dropping a page a fault read in
    /// between from the blocks being freed: removed by ea3d7209ca01 ("ext4: fix races between
    /// page faults and hole punching", 4.5 [I], <see cref="HasExt4MmapSem"/>), whose i_mmap_sem
    /// closes the window instead [V: the diff, in the 3.16.83 backport and a later tree's copy,
    /// and the 3.x ext4_punch_hole with the second truncate_pagecache_range]. Only a filesystem
    /// of the ext4 kind does it (<see cref="Fs.SimpleFsOptions.Ext4MmapSem"/>). The eras before
    /// the 4.13 era.
    /// </summary>
    public static bool PunchTruncatesAgain(this KernelEra era) => era.Before(KernelEra.V4_13);

    /// <summary>
    /// The range's end may fall inside a page (partial_end zeroed like partial_start): from
    /// 3.11, Lukas Czerner's "mm: teach truncate_inode_pages_range() to handle non page aligned
    /// ranges". Before, a range had to end on a page boundary (BUG_ON).
    /// </summary>
    public static bool TruncatesPartialEnd(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// The filesystem zeroes and dirties the block holding the new EOF (block_truncate_page)
    /// before i_size changes and the page cache is truncated, in its -&gt;setattr: the "new
    /// truncate sequence" (7bb46a6734a7, "fs: introduce new truncate sequence", Nick Piggin:
    /// "Big problem with the previous calling sequence: the filesystem is not called until i_size
    /// has already changed"), ext2's conversion read in its patch (ext2_setsize calls
    /// block_truncate_page(newsize) before i_size_write and truncate_pagecache); releases 2.6.35
    /// and 2.6.36 [R]. Before, vmtruncate set i_size, unmapped and truncated the page cache, and
    /// only then called -&gt;truncate, whose block_truncate_page zeroed from the i_size already set
    /// (ext2_truncate, read in the same patch's removed lines).
    /// </summary>
    public static bool BlockTruncatesBeforeSetsize(this KernelEra era) => era.AtLeast(KernelEra.V2_6_36);

    /// <summary>
    /// The wake-up at the end of writeback writes the page's own flags (ClearPageWaiters in
    /// wake_up_page_bit): from 4.10, 62906027091f ("mm: add PageWaiters indicating tasks are
    /// waiting for a page bit"). Before, wake_up_page only hashed the page's zone, state "static
    /// across allocation cycles" as test_clear_page_writeback's NOTE put it.
    /// </summary>
    public static bool WakeUpTouchesPage(this KernelEra era) => era.AtLeast(KernelEra.V4_13);

    /// <summary>
    /// end_page_writeback holds a page reference from before it clears PG_writeback until after
    /// the wake-up, so truncate cannot free the page in between: from 073861ed77b6 ("mm: fix
    /// VM_BUG_ON(PageTail) and BUG_ON(PageWriteback)", Hugh Dickins, 5.10-rc6, stable 5.8+).
    /// folio_end_writeback keeps it (folio_get ... folio_put).
    /// </summary>
    public static bool EndWritebackHoldsReference(this KernelEra era) => era.AtLeast(KernelEra.V6_9);
}
