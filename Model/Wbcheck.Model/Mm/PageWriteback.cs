using System.Runtime.CompilerServices;
using Wbcheck.Model.Citations;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Mm;

/// <summary>
/// mm/page-writeback.c: dirtying and cleaning pages, starting and ending writeback, and the
/// writeback iterator (its files: PageWriteback.*.cs, one concept each).
/// </summary>
public sealed partial class PageWriteback(Kernel kernel)
{
    private IKernelRuntime Runtime => kernel.Runtime;

    private Filemap Filemap => kernel.Filemap;

    /// <summary>
    /// Write the pages <paramref name="wbc"/> asks for, with the filesystem's -&gt;writepages or else
    /// its -&gt;writepage. From 4.12 a data-integrity call that gets -ENOMEM waits and calls the
    /// filesystem again until it gets anything else (80a2ea9f8585: "kernel livelocks are
    /// temporary; data loss is forever"); before, the -ENOMEM went back to the caller (fsync) with
    /// the pages left dirty. WB_SYNC_NONE returns it in every era: the next pass will try again.
    /// </summary>
    [Models("mm/page-writeback.c", "do_writepages", "6.9")]
    [Models("mm/page-writeback.c", "do_writepages", "4.19")]
    [Models("mm/page-writeback.c", "do_writepages", "2.6.20", Fingerprint = "6cb8fa725b589262")]
    [Models("mm/page-writeback.c", "do_writepages", "2.5.31")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    public async ValueTask<int> DoWritepages(AddressSpace mapping, WritebackControl wbc)
    {
        // Every pass starts here: one asking for what the era's control did not have (a range,
        // range_cyclic before 2.6.18) is refused, not run as the whole-file pass it would become.
        EraSettings.Check(wbc, kernel.Era);
        if (wbc.NrToWrite <= 0)
        {
            return 0;
        }

        // 5.15 (6.9 era): the bandwidth estimate restarts after an idle disk, and is taken when due.
        if (kernel.Throttle.TracksWritebackInodes)
        {
            await kernel.Throttle.WbBandwidthEstimateStart(mapping);
            var ret = await DoWritepagesCalls(mapping, wbc);
            await kernel.Throttle.DoWritepagesUpdateBandwidth(mapping);
            return ret;
        }

        return await DoWritepagesCalls(mapping, wbc);
    }

    /// <summary>do_writepages' call of the filesystem's -&gt;writepages, or of the walker with its -&gt;writepage.</summary>
    [Models("mm/page-writeback.c", "do_writepages (->writepages or the walker)", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> DoWritepagesCalls(AddressSpace mapping, WritebackControl wbc)
    {
        // In the list era every caller (fsync's __filemap_fdatawrite, the flusher's
        // __sync_single_inode) splices dirty_pages onto io_pages just before calling here; the
        // model's callers all come through this function, so it does that for them.
        if (kernel.Era.HasPageLists() && !kernel.Faults.WalkDirtyPagesWithoutIoPages)
        {
            await Filemap.SpliceDirtyToIo(mapping);
        }

        while (true)
        {
            var result = await CallWritepages(mapping, wbc);
            if (result != Errno.ENOMEM || wbc.SyncMode != WritebackSyncMode.All || !kernel.Era.RetriesEnomemForIntegrity())
            {
                return result;
            }

            if (kernel.Faults.DoWritepagesDropsEnomem)
            {
                return 0;
            }

            await ThrottleEnomemRetry();
        }
    }

    /// <summary>One call of the filesystem: its -&gt;writepages, or the generic walk over -&gt;writepage.</summary>
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private async ValueTask<int> CallWritepages(AddressSpace mapping, WritebackControl wbc)
    {
        var operations = mapping.Operations;
        if (operations.HasWritepages)
        {
            return await operations.Writepages(mapping, wbc);
        }

        // 2.6.20's do_writepages calls generic_writepages(mapping, wbc), which calls
        // ->writepage itself and sets the AS_* bit on an error (the model's 2.5 list walk does the
        // same): handing it WritepageCb would record the error a second time, and set an errseq
        // those kernels did not have.
        if (kernel.Era.WalkerCallsWritepage())
        {
            return await WriteCachePages(mapping, wbc, operations.Writepage);
        }

        return await WriteCachePages(mapping, wbc, WritepageCb);
    }

    /// <summary>
    /// The wait between two tries of an integrity writeback that got -ENOMEM. 4.12 to 5.15:
    /// cond_resched, then congestion_wait(BLK_RW_ASYNC, HZ/50). From 5.16: reclaim_throttle on
    /// the local node for VMSCAN_THROTTLE_WRITEBACK, a sleep of up to HZ/10 that ends early only
    /// when SWAP_CLUSTER_MAX (32) pages a throttled task have ended writeback on the node; the
    /// model's files are smaller than that, so the whole timeout passes. reclaim_throttle does not
    /// sleep in a kernel thread other than kswapd (it only calls cond_resched): the model's
    /// integrity writeback runs in fsync, a user task, so it sleeps.
    /// </summary>
    [Models("mm/page-writeback.c", "do_writepages (the -ENOMEM retry's wait)", "4.19")]
    [Models("mm/vmscan.c", "reclaim_throttle", "6.9")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder))]
    private async ValueTask ThrottleEnomemRetry()
    {
        if (kernel.Era.ThrottlesEnomemRetryOnReclaim())
        {
            await kernel.Vmscan.ReclaimThrottleWriteback();
            return;
        }

        await Filemap.CondResched(new StepLabel("cond_resched"));
        await kernel.BackingDev.CongestionWait(Time.Timers.Hz / 50);
    }

    /// <summary>The callback do_writepages hands write_cache_pages: -&gt;writepage, recording errors on the mapping.</summary>
    /// <remarks>
    /// Only negative errors are recorded, as 6.9 does (hch's "writeback: don't call
    /// mapping_set_error on AOP_WRITEPAGE_ACTIVATE", the first patch of the writeback_iter series
    /// [R]). 2.6.29 to 6.8 recorded any nonzero return, so AOP_WRITEPAGE_ACTIVATE set AS_EIO
    /// (and from 4.13 WARNed in errseq_set). No mainline -&gt;writepage returned it outside reclaim
    /// (shmem only for_reclaim, and pageout calls -&gt;writepage directly), so the difference is
    /// seen only with SimpleFsOptions.DeclineBackgroundWriteback, which declines outside reclaim:
    /// a known deviation of the model before 6.9, not a behaviour of those kernels' filesystems.
    /// </remarks>
    [Models("mm/page-writeback.c", "writepage_cb", "6.9")]
    [Models("mm/page-writeback.c", "__writepage", "2.6.29")]
    [AsyncMethodBuilder(typeof(ModelMethodBuilder<>))]
    private static async ValueTask<int> WritepageCb(Page page, WritebackControl wbc)
    {
        var mapping = page.Mapping!;
        var error = await mapping.Operations.Writepage(page, wbc);
        Filemap.MappingSetError(mapping, error < 0 ? error : 0);
        return error;
    }

    /// <summary>Tell the monitors a pass of the writeback iterator (of any era) begins.</summary>
    private void NotifyPassStarted(AddressSpace mapping, WritebackControl wbc)
    {
        foreach (var observer in kernel.Observers)
        {
            observer.WritebackPassStarted(mapping, wbc);
        }
    }

    /// <summary>Tell the monitors that pass returned <paramref name="result"/>.</summary>
    private void NotifyPassEnded(AddressSpace mapping, WritebackControl wbc, int result)
    {
        foreach (var observer in kernel.Observers)
        {
            observer.WritebackPassEnded(mapping, wbc, result);
        }
    }
}
