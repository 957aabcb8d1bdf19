namespace Wbcheck.Model;

/// <summary>
/// What each era does with the page tables of shared file mappings (docs/page-tables.md has the
/// commits, which were read and which recalled).
/// </summary>
public static class PageTableEras
{
    /// <summary>
    /// Shared writable mappings start read-only and a write fault makes them writable and dirties
    /// the page; clear_page_dirty_for_io write-protects them again through page_mkclean:
    /// d08b3851da41 ("mm: tracking shared dirty pages", 2.6.19: the commit read in kernel mirrors,
    /// the release in an lkml thread), with 7658cc289288 ("VM: Fix nasty
    /// and subtle race in shared mmap'ed page writeback", 2.6.20-rc2) moving page_mkclean before
    /// TestClearPageDirty. Before, a shared pte was writable from its first fault and its dirty bit
    /// reached PG_dirty only at unmap, msync or reclaim.
    /// </summary>
    public static bool TracksSharedDirty(this KernelEra era) => era.AtLeast(KernelEra.V2_6_20);

    /// <summary>
    /// The fault on a missing pte holds the page lock from its page-cache lookup until the pte is
    /// in place (filemap_nopage's find_lock_page, then __do_fault and filemap_fault), so truncate,
    /// which unmaps each page again under its lock before removing it, and
    /// clear_page_dirty_for_io, which holds it across page_mkclean and TestClearPageDirty, never
    /// meet a half-made pte: d00806b18315 ("mm: fix fault vs invalidate race for linear
    /// mappings", Nick Piggin) [V: the patch as Andrew Morton sent it to Linus, linux-mm, 18 May
    /// 2007; the id and its commit date, 19 July 2007, in Miklos Szeredi's mail of 8 May 2008],
    /// 2.6.23 [I: committed after 2.6.22 was released]. Before, filemap_nopage returned the page
    /// unlocked (it locked only a page that was not uptodate, to read it) and do_no_page mapped it
    /// under the pte lock alone. The model's 2.6.29 era on.
    /// </summary>
    public static bool FaultLocksPage(this KernelEra era) => era.AtLeast(KernelEra.V2_6_29);

    /// <summary>
    /// Where the fault takes no page lock (<see cref="FaultLocksPage"/>), do_no_page reads the
    /// mapping's truncate_count before -&gt;nopage and compares it under the pte lock, retrying
    /// when unmap_mapping_range ran meanwhile: the "open-coded seqlock" d00806b18315 removed
    /// [V: its message and diff]. It came with the vmtruncate race fix of mid-2003 [V: the patch
    /// against 2.5.73-mm1, June 2003, adding the count to do_no_page], after 2.5.31, whose
    /// do_no_page maps the page it found whatever truncate did meanwhile. The model's 2.6.20 era.
    /// </summary>
    public static bool FaultRechecksTruncateCount(this KernelEra era) => era.Is(KernelEra.V2_6_20);

    /// <summary>
    /// do_wp_page waits for the page lock before marking the page dirty, so it cannot dirty between
    /// clear_page_dirty_for_io's page_mkclean and TestClearPageDirty: 79352894b285 ("mm: fix
    /// clear_page_dirty_for_io vs fault race", Nick Piggin [V: the id, title and diff on commit
    /// pages of trees with mainline history]; in 2.6.22 [V: sent to Linus after 2.6.22-rc1],
    /// between the 2.6.20 and 2.6.29 eras whatever its release).
    /// </summary>
    public static bool FaultWaitsOnPageLocked(this KernelEra era) => era.AtLeast(KernelEra.V2_6_29);

    /// <summary>
    /// -&gt;page_mkwrite returns with the page locked (VM_FAULT_LOCKED) and do_wp_page keeps it
    /// locked while it installs the writable pte and while it marks the page dirty
    /// (set_page_dirty, then unlock_page; only the path without -&gt;page_mkwrite still waits for
    /// the lock and dirties with set_page_dirty_balance unlocked): b827e496c893 ("mm: close
    /// page_mkwrite races", 2.6.30 [R]; the id read in full in Nick Piggin's lkml mail citing it).
    /// </summary>
    public static bool PageMkwriteReturnsLocked(this KernelEra era) => era.AtLeast(KernelEra.V2_6_36);

    /// <summary>
    /// block_page_mkwrite in its folio form: the page is given up from EOF on (folio_pos &gt;=
    /// i_size, where the page form gave it up only past EOF), and the range to prepare is
    /// i_size - folio_pos, an unsigned length that wraps for a folio wholly past EOF (only a
    /// skipped check lets one through), so __block_write_begin_int's BUG_ON(to &gt; PAGE_SIZE)
    /// fires where the page form's mask prepared a block [V: the folio conversion of
    /// block_page_mkwrite as posted to linux-fsdevel in 2023 and a later fs/buffer.c; in the
    /// model's 6.9 era I].
    /// </summary>
    public static bool BlockPageMkwriteFolioForm(this KernelEra era) => era.AtLeast(KernelEra.V6_9);

    /// <summary>
    /// A -&gt;page_mkwrite that finds its page truncated or punched away makes the fault retry the
    /// access (VM_FAULT_NOPAGE) instead of failing it: c2ec175c39f6 ("mm: page_mkwrite change
    /// prototype to match fault", Nick Piggin; read: the patch as posted to linux-mm on 11 March
    /// 2009; the id and its date, 2009-03-31, in git blame; upstream by 29 April 2009, when Piggin
    /// asked for it to go to -stable, so 2.6.30) made it return VM_FAULT_* codes, and its companion
    /// "fs: fix page_mkwrite error cases in core code and btrfs" (read: posted the same day; its id
    /// not found) made block_page_mkwrite return VM_FAULT_NOPAGE for a truncated page: "A sigbus is
    /// wrong for the case that the page has been invalidated or truncated within i_size (eg. hole
    /// punched)". Before, -&gt;page_mkwrite returned 0 or -errno and do_wp_page, do_no_page and
    /// __do_fault made any negative return VM_FAULT_SIGBUS (read: 2.6.20's do_no_page and
    /// do_wp_page, 2.6.29's do_wp_page and __do_fault), block_page_mkwrite's truncated page being
    /// -EINVAL. From 2.6.30 only VM_FAULT_SIGBUS itself (-ENOSPC, -EIO) is SIGBUS. The model's
    /// 2.6.36 era on.
    /// </summary>
    public static bool PageMkwriteCanRetry(this KernelEra era) => era.AtLeast(KernelEra.V2_6_36);

    /// <summary>
    /// A write fault on a missing pte of a shared mapping marks the page dirty while it still holds
    /// the page lock it took for the fault, then unlocks it, with or without a -&gt;page_mkwrite:
    /// b827e496c893 ("mm: close page_mkwrite races", 2.6.30 [R]; read: its diff of __do_fault, where
    /// "out:" became set_page_dirty then unlock_page for every dirty_page), kept by 3.19's
    /// do_shared_fault and 6.9's fault_dirty_shared_page. Before, __do_fault unlocked the page
    /// when the pte was in place and dirtied it after (set_page_dirty_balance), as 2.6.20's
    /// do_no_page did with no page lock at all. The write fault on a read-only pte kept its
    /// unlocked dirtying without a -&gt;page_mkwrite until 2d6d7f982846 (3.19).
    /// </summary>
    public static bool SharedFaultDirtiesLocked(this KernelEra era) => era.AtLeast(KernelEra.V2_6_36);

    /// <summary>
    /// generic_file_vm_ops has a -&gt;page_mkwrite, filemap_page_mkwrite, so a filesystem that maps
    /// files with generic_file_mmap gets one (Jan Kara's freeze-protection work, 3.x [R]: the
    /// release is recalled, not read, but it lies between the 2.6.36 and 3.19 eras); before, such
    /// a filesystem had none and do_wp_page dirtied the page itself.
    /// </summary>
    public static bool HasFilemapPageMkwrite(this KernelEra era) => era.AtLeast(KernelEra.V3_19);

    /// <summary>
    /// Making a page writable waits for its writeback when the device needs stable pages:
    /// d76ee18a8551 ("fs: block_page_mkwrite should wait for writeback to finish", 3.0 [R]) made
    /// the waits, 1d1d1a767206 ("mm: only enforce stable page writes if the backing device requires
    /// it", 3.9, read) made them wait_for_stable_page; folio_wait_stable in 5.16 [R].
    /// </summary>
    public static bool WaitsForStablePages(this KernelEra era) => era.AtLeast(KernelEra.V3_19);
}
