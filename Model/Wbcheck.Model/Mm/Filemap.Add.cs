using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Diagnostics;
using Wbcheck.Model.Mm.Memcg;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

public sealed partial class Filemap
{
    /// <summary>
    /// Find the page at <paramref name="index"/> or create it, and return it locked: what a
    /// buffered write's write_begin does. A new page starts clean at the disk's version. Null when
    /// the allocation failed (the slow path gave up: an OOM victim with no reserves left), which
    /// write_begin returns as -ENOMEM. The page is charged to the mapping's memcg first; a memcg
    /// at its limit reclaims from its own pages with <paramref name="gfp"/> (GFP_NOFS for a
    /// filesystem that holds its own locks), and may fail the charge, -ENOMEM too. An allocation
    /// below the min watermarks reclaims with the same mask (the page and its charge are
    /// allocated with one gfp in every era: __page_cache_alloc(gfp_mask) and the charge's
    /// gfp_mask &amp; GFP_RECLAIM_MASK).
    /// </summary>
    [Models("mm/filemap.c", "__filemap_get_folio", "6.9")]
    [Models("mm/filemap.c", "grab_cache_page_write_begin", "2.6.20")]
    [Models("mm/filemap.c", "grab_cache_page_write_begin (wait_for_stable_page)", "3.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    [Models("mm/filemap.c", "add_to_page_cache_locked (mem_cgroup_cache_charge)", "2.6.29")]
    [Models("mm/filemap.c", "__add_to_page_cache_locked (mem_cgroup_try_charge)", "4.19")]
    [Models("mm/filemap.c", "__filemap_add_folio (mem_cgroup_charge)", "6.9")]
    public async ValueTask<Page?> FilemapGetFolioForWrite(AddressSpace mapping, long index, Gfp gfp)
    {
        AllocRetries? retries = null;
        MemcgCharge? charge = null;
        while (true)
        {
            await XaLock(mapping, new StepLabel(kernel.Names.FindLockPage, index));
            var page = mapping.Pages.Load(index);
            if (page is null)
            {
                // The memcg charge comes before the insertion, and its reclaim sleeps: not under the
                // tree lock. A hard limit is refused where the era has no memory controller. A
                // dying task skips the counter in 2.6.x; from 2.6.33 the cpu's stock goes first.
                if (mapping.Host.Memcg is { HardLimit: true } memcg && charge is not { OverLimit: true })
                {
                    EraSettings.MemcgLimit.Require(kernel.Era);
                    if (!Memcontrol.TryChargeCounter(kernel, memcg, charge ??= new MemcgCharge()))
                    {
                        XaUnlock();
                        if (await Memcontrol.TryCharge(kernel, memcg, gfp, charge) < 0)
                        {
                            return null;
                        }

                        continue;
                    }
                }

                // filemap_add_folio: a new page is inserted locked, so nobody sees it half made.
                // __GFP_WRITE: the page is allocated to be written (FGP_WRITE, a mapping that
                // accounts dirty pages), so the era's dirty limits pick its zone.
                if (TryNewPageUnderLock(mapping, index, gfpWrite: true) is not { } created)
                {
                    // The allocation must sleep in direct reclaim: not under the tree lock (the
                    // kernel allocates before it takes it). Then look again.
                    if (!kernel.Faults.DirectReclaimUnderTreeLock)
                    {
                        XaUnlock();
                    }

                    var retry = await kernel.PageAlloc.AllocPagesDirectReclaim(mapping, retries ??= new AllocRetries(), gfp);
                    if (kernel.Faults.DirectReclaimUnderTreeLock)
                    {
                        XaUnlock();
                    }

                    if (!retry)
                    {
                        return null;
                    }

                    continue;
                }

                page = created;
                TakeLock(page);
                XaUnlock();
                return page;
            }

            FolioGet(page);
            XaUnlock();
            await FolioLock(page);

            // Truncated while we slept on the lock: look again.
            if (page.Mapping == mapping)
            {
                // FGP_STABLE (grab_cache_page_write_begin's wait_for_stable_page from 3.9): the
                // copy must not change a page whose I/O a device that needs stable pages is
                // checksumming. A new page is under no I/O.
                if (!kernel.Faults.WriteBeginSkipsStableWait)
                {
                    await kernel.PageWriteback.FolioWaitStable(page);
                }

                FolioPut(page);
                return page;
            }

            FolioUnlock(page);
            FolioPut(page);
        }
    }

    /// <summary>
    /// Put a page into the cache outside any thread, for a scenario's initial state: clean and
    /// up to date at the version the disk holds, or dirty at a newer one.
    /// </summary>
    public Page AddCachedPage(AddressSpace mapping, long index, bool dirty)
    {
        var page = NewPageUnderLock(mapping, index);
        var disk = kernel.Device.StableVersion(mapping.Host, index);
        if (dirty)
        {
            page.Version = ++mapping.Host.VersionClock;
            page.CommittedVersion = page.Version;
            page.Dirty = true;
            if (kernel.Era.HasPageLists())
            {
                mapping.Lists.MoveTo(page, PageListKind.Dirty);
            }
            else
            {
                mapping.Pages.SetMark(index, XaMark.Dirty);
            }

            kernel.Vmstat.NrFileDirty++;
            kernel.Throttle.WbAccountCachedDirty(mapping.Host);
            kernel.FsWriteback.MarkInodeDirtyAtSetup(mapping.Host);
        }
        else
        {
            page.Version = disk;
        }

        if (index + 1 > mapping.Host.SizePages)
        {
            mapping.Host.SizePages = index + 1;
        }

        return page;
    }

    private Page NewPageUnderLock(AddressSpace mapping, long index) =>
        TryNewPageUnderLock(mapping, index) ?? throw new UnmodelledPathException("__alloc_pages_slowpath",
            $"a page for index {index} of {mapping} needs direct reclaim, which a set-up outside any thread cannot enter: set the machine up with fewer cached pages or a lower min_free_kbytes");

    /// <summary>A new page inserted at <paramref name="index"/>, or null if its allocation must enter direct reclaim.</summary>
    [Models("mm/filemap.c", "__filemap_add_folio", "6.9")]
    [Models("mm/filemap.c", "add_to_page_cache", "2.5.31")]
    [Models("mm/filemap.c", "add_to_page_cache_lru", "2.6.20")]
    private Page? TryNewPageUnderLock(AddressSpace mapping, long index, bool gfpWrite = false)
    {
        Bug.On(mapping.Pages.Load(index) is not null, "__filemap_add_folio", $"index {index} already cached");
        var disk = kernel.Device.StableVersion(mapping.Host, index);
        if (kernel.PageAlloc.TryAllocPage(index, mapping, disk, gfpWrite) is not { } page)
        {
            return null;
        }

        page.Uptodate = true;
        page.CommittedVersion = disk;
        mapping.Pages.Store(index, page);
        mapping.ReplaceShadow(index);
        kernel.Vmscan.LruCacheAdd(page);

        // In the list era a page enters the cache on clean_pages (___add_to_page_cache).
        if (kernel.Era.HasPageLists())
        {
            mapping.Lists.Add(page, PageListKind.Clean);
        }

        return page;
    }
}
