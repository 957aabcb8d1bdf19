using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class PageWriteback
{
    /// <summary>
    /// Mark a page dirty. Most callers hold the page lock; zap_pte_range does not, so the page can
    /// be truncated under it, which is why the tagging below re-checks the mapping.
    /// <paramref name="generation"/>: the page's generation when the caller's reference was taken,
    /// for a holder that records it (gup's pin); without it only a page still free is caught.
    /// </summary>
    [Models("mm/page-writeback.c", "folio_mark_dirty", "6.9")]
    [Models("mm/page-writeback.c", "set_page_dirty", "2.6.20", Fingerprint = "37ed5a1fc1d736de")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<bool> FolioMarkDirty(Page page, int? generation = null)
    {
        // No scheduling point of its own: every caller reaches here right after one. Every caller
        // holds a reference; through a stale one PG_dirty would be set in a freed page, or in a
        // page reused by another file.
        PageAlloc.Touch(page, generation ?? page.Generation, kernel.Names.MarkPageDirty);
        var mapping = page.Mapping;
        if (mapping is not null)
        {
            // A page dirtied again is in use: a PG_reclaim left on it (kswapd's first meeting,
            // from 4.11 what lets kswapd write it next time) no longer holds (2.6.39 on).
            if (kernel.Era.SetPageDirtyClearsReclaim() && page.Reclaim)
            {
                page.Reclaim = false;
            }

            // mapping->a_ops->dirty_folio: the filesystem's own, where it has the contract.
            return mapping.Operations is IWritebackFilesystem fs
                ? await fs.DirtyFolio(mapping, page)
                : await FilemapDirtyFolio(mapping, page);
        }

        // noop_dirty_folio: a page out of any mapping only gets its flag.
        if (page.Dirty)
        {
            return false;
        }

        page.Dirty = true;
        return true;
    }

    /// <summary>
    /// Set PG_dirty, then under the tree lock account the page and set its DIRTY tag, unless
    /// truncate took the page out of the mapping in between ("Race with truncate?").
    /// </summary>
    [Models("mm/page-writeback.c", "filemap_dirty_folio", "6.9")]
    [Models("mm/page-writeback.c", "__folio_mark_dirty", "6.9")]
    [Models("mm/page-writeback.c", "__set_page_dirty_nobuffers", "2.6.20", Fingerprint = "158c2b98db07241a")]
    [Models("mm/page-writeback.c", "__set_page_dirty_nobuffers (BUG_ON(page_mapping(page) != mapping))", "4.19")]
    [Models("mm/page-writeback.c", "__set_page_dirty_nobuffers", "2.5.12")]
    [Models("mpage_writepages.9 (manual page)", "mpage_writepages", "2.5")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<bool> FilemapDirtyFolio(AddressSpace mapping, Page page)
    {
        // folio_test_set_dirty: only the caller that set the bit accounts and tags.
        if (page.Dirty)
        {
            return false;
        }

        page.Dirty = true;
        page.DirtyPendingTag = true;

        await Filemap.XaLock(mapping, new StepLabel(kernel.Names.SetPageDirty, page.Index));
        page.DirtyPendingTag = false;

        // 3.19 to 5.13 asserted instead of re-checking: its callers lock truncation out.
        Bug.On(page.Mapping != mapping && kernel.Era.SetPageDirtyAssumesNoTruncation(), kernel.Names.SetPageDirty, $"BUG_ON: {page} left its mapping between TestSetPageDirty and the tree lock");
        if (page.Mapping is not null || kernel.Faults.NoMappingRecheckOnDirty)
        {
            Bug.On(!page.Uptodate, "__folio_mark_dirty", $"{page} dirtied while not uptodate");
            FolioAccountDirtied(mapping);
            if (kernel.Era.HasPageLists() && !kernel.Faults.DirtyLeavesPageOnItsList)
            {
                // From whichever list it is on, even locked_pages while its I/O has not been
                // started: "it's not possible to lock against that" (the manual page).
                mapping.Lists.MoveTo(page, PageListKind.Dirty);
            }
            else if (kernel.Era.HasPageTags())
            {
                mapping.Pages.SetMark(page.Index, XaMark.Dirty);
            }
        }

        Filemap.XaUnlock();

        // The inode goes on the dirty list, stamped with the time, for writeback to find it.
        await kernel.FsWriteback.MarkInodeDirty(mapping.Host);
        return true;
    }

    /// <summary>
    /// A -&gt;writepage that declines to write a page redirties it this way and unlocks it.
    /// </summary>
    [Models("mm/page-writeback.c", "folio_redirty_for_writepage", "6.9")]
    [Models("mm/page-writeback.c", "redirty_page_for_writepage", "2.6.20", Fingerprint = "4aeb0cece4d1c714")]
    [Models("mm/page-writeback.c", "redirty_page_for_writepage", "4.19")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<bool> FolioRedirtyForWritepage(WritebackControl wbc, Page page)
    {
        Bug.On(!page.Locked, "folio_redirty_for_writepage", $"{page} is not locked");
        wbc.PagesSkipped++;

        // A redirty is not new dirtying (3.2 on): the count its dirtying adds is taken back.
        var throttle = kernel.Throttle;
        if (throttle.DeaccountsBeforeRedirty)
        {
            throttle.AccountPageRedirty(page.Mapping!);
        }

        var dirtied = await FilemapDirtyFolio(page.Mapping!, page);
        if (!throttle.DeaccountsBeforeRedirty)
        {
            throttle.AccountPageRedirty(page.Mapping!);
        }

        return dirtied;
    }

    /// <summary>
    /// Clear PG_dirty of a locked page about to be written, and its accounting. The DIRTY tag
    /// stays, so that a concurrent integrity sync walking DIRTY tags still finds the page; the
    /// writepage brings flag and tag back together by starting writeback or redirtying. That
    /// incoherence is allowed only while the page is locked. From 2.6.19 the page's ptes are
    /// write-protected first (page_mkclean) and a dirty one redirties the page, so the data
    /// stored through it is written now and the next store faults; page_mkclean before
    /// TestClearPageDirty is 7658cc289288's order (2.6.20).
    /// </summary>
    [Models("mm/page-writeback.c", "folio_clear_dirty_for_io", "6.9")]
    [Models("mm/page-writeback.c", "clear_page_dirty_for_io", "2.6.20", Fingerprint = "c31659442522c3e8")]
    [Models("fs/mpage.c", "mpage_writepages (TestClearPageDirty)", "2.5.31")]
    public ValueTask<bool> ClearPageDirtyForIo(Page page)
    {
        // No scheduling point of its own: the page is locked, and a dirtier that does not take
        // the lock acting between the lock and here acts exactly as it would before the lock.
        Bug.On(!page.Locked, "folio_clear_dirty_for_io", $"{page} is not locked");

        // 2.6.23 to 2.6.38: a readahead mark sharing the bit must not have the page freed once written.
        if (kernel.Era.ClearPageDirtyForIoClearsReclaim() && page.Reclaim)
        {
            page.Reclaim = false;
        }

        if (kernel.Era.TracksSharedDirty() && page.Mapping?.IMmap is not null)
        {
            return ClearPageDirtyForIoMapped(page);
        }

        return TestClearPageDirtyOnWb(page);
    }

    /// <summary>The mapped page's way: page_mkclean, set_page_dirty if it cleaned a pte, then TestClearPageDirty.</summary>
    [Models("mm/page-writeback.c", "folio_clear_dirty_for_io", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<bool> ClearPageDirtyForIoMapped(Page page)
    {
        if (await kernel.Rmap.PageMkclean(page) > 0)
        {
            await FolioMarkDirty(page);
        }

        // The pte lock is dropped: a write fault on another CPU may make the pte writable again
        // before the flag is cleared (7658cc289288's FIXME, closed by the faults' wait for the
        // page lock, 79352894b285).
        await kernel.Runtime.Schedule(PointKind.Yield, new StepLabel(kernel.Names.TestClearPageDirty, page.Index));
        return await TestClearPageDirtyOnWb(page);
    }

    /// <summary>
    /// TestClearPageDirty and its accounting; with cgroup writeback inside the
    /// unlocked_inode_to_wb transaction (682aa8e1a6a1, 4.6), which keeps the WB_RECLAIMABLE
    /// decrement on the wb a concurrent inode_switch_wbs moves the inode's stats from or to.
    /// </summary>
    [Models("mm/page-writeback.c", "clear_page_dirty_for_io (unlocked_inode_to_wb_begin)", "4.19")]
    [Models("mm/page-writeback.c", "folio_clear_dirty_for_io (unlocked_inode_to_wb_begin)", "6.9")]
    private ValueTask<bool> TestClearPageDirtyOnWb(Page page)
    {
        var throttle = kernel.Throttle;
        if (page.Mapping is not { } mapping || !throttle.CgroupWriteback)
        {
            return ValueTask.FromResult(TestClearPageDirty(page, null));
        }

        var cookie = throttle.UnlockedInodeToWbBegin(mapping.Host);
        return throttle.WbTransactionWindowOpen(cookie)
            ? TestClearPageDirtyAfterWindow(page, cookie)
            : ValueTask.FromResult(TestClearPageDirtyAndEnd(page, cookie));
    }

    /// <summary>The transaction where a switch can move i_wb: another CPU may run between the read of i_wb and the update.</summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<bool> TestClearPageDirtyAfterWindow(Page page, Throttle.DirtyThrottle.WbLockCookie cookie)
    {
        await kernel.Throttle.WbTransactionWindow(new StepLabel(kernel.Names.TestClearPageDirty, page.Index));
        return TestClearPageDirtyAndEnd(page, cookie);
    }

    private bool TestClearPageDirtyAndEnd(Page page, Throttle.DirtyThrottle.WbLockCookie cookie)
    {
        var cleared = TestClearPageDirty(page, cookie.Wb);
        kernel.Throttle.UnlockedInodeToWbEnd(cookie);
        return cleared;
    }

    private bool TestClearPageDirty(Page page, Memcg.CgroupWb? wb)
    {
        if (!page.Dirty)
        {
            return false;
        }

        page.Dirty = false;
        if (page.Mapping is not null)
        {
            kernel.Vmstat.NrFileDirty--;
            kernel.Throttle.WbStatReclaimable(wb, -1);
        }

        return true;
    }

    /// <summary>Truncate throws away a dirty page's data: clear PG_dirty and its accounting.</summary>
    [Models("mm/page-writeback.c", "__folio_cancel_dirty", "6.9")]
    [Models("mm/page-writeback.c", "cancel_dirty_page", "4.19")]
    [Models("mm/truncate.c", "cancel_dirty_page", "2.6.20")]
    public void FolioCancelDirty(Page page)
    {
        if (!page.Dirty)
        {
            return;
        }

        if (page.Mapping is { } mapping && kernel.Throttle.CgroupWriteback)
        {
            // Inside the unlocked_inode_to_wb transaction (4.6), as clear_page_dirty_for_io.
            var cookie = kernel.Throttle.UnlockedInodeToWbBegin(mapping.Host);
            TestClearPageDirtyAndEnd(page, cookie);
            return;
        }

        TestClearPageDirty(page, null);
    }

    [Models("mm/page-writeback.c", "folio_account_dirtied", "6.9")]
    private void FolioAccountDirtied(AddressSpace mapping)
    {
        kernel.Vmstat.NrFileDirty++;
        kernel.Throttle.AccountPageDirtied(mapping);
    }
}
