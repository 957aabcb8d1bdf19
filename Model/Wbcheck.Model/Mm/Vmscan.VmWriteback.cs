using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// 2.5.31's gates in shrink_cache for a page under writeback and a dirty page
/// (<see cref="ReclaimEras.ReclaimWaitsOnPageWriteback"/>,
/// <see cref="ReclaimEras.ReclaimWritesThroughVmWriteback"/>): reclaim waits for the I/O of a
/// page it may enter the filesystem for, and writes a dirty page by handing its whole mapping to
/// -&gt;vm_writeback, keeping the page itself for a later scan. Neither marks PG_reclaim.
/// </summary>
public sealed partial class Vmscan
{
    /// <summary>
    /// A page under writeback, met before its lock is taken: with <paramref name="mayEnterFs"/>
    /// wait for its I/O (the isolation's reference keeps the page), then leave it either way; the
    /// scan goes on to the next page and meets this one again, clean, on a later pass.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_cache (PageWriteback: may_enter_fs, wait_on_page_writeback; continue)", "2.5.31")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<ReclaimResult> ShrinkCacheWaitOnWriteback(Page page, bool mayEnterFs)
    {
        if (mayEnterFs)
        {
            await Filemap.FolioWaitWriteback(page);
        }

        return Keep(page);
    }

    /// <summary>
    /// A dirty page reclaim may write (may_enter_fs, locked): if nobody but the page cache and
    /// us holds it, hand its mapping to generic_vm_writeback, which unlocks it, and keep it;
    /// otherwise keep it locked for the later PageDirty test to refuse. The pages written go on
    /// <paramref name="stat"/>, for shrink_cache's max_scan.
    /// </summary>
    [Models("mm/vmscan.c", "shrink_cache (PageDirty && is_page_cache_freeable && mapping && may_enter_fs: vm_writeback)", "2.5.31")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<ReclaimResult> ShrinkCacheVmWriteback(Page page, AddressSpace? mapping, ReclaimStat stat)
    {
        if (page.RefCount != IsolatedRefCount || mapping is null)
        {
            return KeepLocked(page);
        }

        stat.NrVmWritebackWritten += await GenericVmWriteback(page, mapping);
        return Keep(page);
    }

    /// <summary>
    /// True only while <see cref="GenericVmWriteback"/> is inside its igrab: the call site, marked
    /// for <see cref="Invariants.ReclaimInodeReference"/>, which excuses that igrab and no other of
    /// the same shape (the 2010 proposal's, <see cref="ReclaimWriteoutIgrab"/>). igrab does not
    /// yield, so no other thread runs while it is set, and it is never set at a scheduling point.
    /// </summary>
    public bool VmWritebackIgrabbing { get; private set; }

    /// <summary>
    /// The VM wants this page's zone relieved; the mapping writes what it likes around it. The
    /// inode is pinned with igrab while the page lock still pins the mapping, the page unlocked,
    /// up to SWAP_CLUSTER_MAX pages of the mapping written as its own writeback would (the
    /// list era's control has no range and no for_reclaim: the filesystem cannot tell), and the
    /// inode let go with iput, which can be the final one, run from inside reclaim. Returns the
    /// pages written (none if the inode was on its way out and igrab failed).
    /// </summary>
    [Models("mm/page-writeback.c", "generic_vm_writeback", "2.5.31")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> GenericVmWriteback(Page page, AddressSpace mapping)
    {
        var inode = mapping.Host;
        bool pinned;
        VmWritebackIgrabbing = true;
        try
        {
            pinned = kernel.Vfs.Igrab(inode);
        }
        finally
        {
            VmWritebackIgrabbing = false;
        }

        Filemap.FolioUnlock(page);
        if (!pinned)
        {
            return 0;
        }

        var wbc = new WritebackControl { SyncMode = WritebackSyncMode.None, NrToWrite = SwapClusterMax };
        EntersFilesystem(inode, "->vm_writeback (shrink_cache)");
        await kernel.PageWriteback.DoWritepages(mapping, wbc);
        await kernel.Vfs.Iput(inode);
        return (int)(SwapClusterMax - wbc.NrToWrite);
    }
}
