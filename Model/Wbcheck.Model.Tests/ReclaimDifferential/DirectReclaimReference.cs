namespace Wbcheck.Model.Tests.ReclaimDifferential;

/// <summary>
/// Direct reclaim's priority loop as mm/vmscan.c of each era writes it, computed apart from the
/// model over the state of a <see cref="ReclaimCase"/>: one zone whose inactive list is the
/// case's pages (no active pages, no mapped pages, nothing referenced), one call of
/// try_to_free_pages asking for SWAP_CLUSTER_MAX. It shares no code with the model; what it
/// knows of the kernel is written here, era by era, with where it comes from ([V] read in the
/// kernel text or a posted diff, [R] recalled).
/// <list type="bullet">
/// <item>The loop: priority DEF_PRIORITY (12) down to 0; each round scans the zone, then
/// total_scanned += sc-&gt;nr_scanned, stops once sc-&gt;nr_reclaimed &gt;= the target [V: 2.6.2x's
/// "if (nr_reclaimed &gt;= sc.swap_cluster_max)", 2.6.32's "sc-&gt;nr_reclaimed &gt;= sc-&gt;nr_to_reclaim"].</item>
/// <item>After a round short of the target: from 3.11, "if (sc-&gt;priority &lt; DEF_PRIORITY - 2)
/// sc-&gt;may_writepage = 1" [V: a 4.x do_try_to_free_pages]; to 4.10, "if (total_scanned &gt;
/// writeback_threshold)" with writeback_threshold = nr_to_reclaim + nr_to_reclaim / 2, wake the
/// flushers and set may_writepage [V: 2.6.2x's wakeup_pdflush form and 2.6.32's; removed by
/// Johannes Weiner's "mm: vmscan: remove old flusher wakeup from direct reclaim path", 4.11
/// [V: the posted diff]]; to 2.6.36, "if (sc-&gt;nr_scanned &amp;&amp; priority &lt; DEF_PRIORITY - 2)
/// congestion_wait(WRITE, HZ/10)" [V: 2.6.2x] (3.x's wait_iff_congested sleeps only on a zone
/// kswapd marked congested, which no case has [R]).</item>
/// <item>The zone's count, get_scan_count / shrink_zone: lru_size &gt;&gt; priority, plus one in
/// 2.6.20 ("(zone-&gt;nr_inactive &gt;&gt; priority) + 1" [R]); to 2.6.36 a count under
/// SWAP_CLUSTER_MAX is saved in the zone and scanned once the saved count reaches it
/// (nr_scan_try_batch, and its open-coded forms before [R]); then batches of at most
/// SWAP_CLUSTER_MAX off the list's tail. The zone's loop stops early: never in 2.6.20; in
/// 2.6.29 once the call has more than its target below DEF_PRIORITY ("if (nr_reclaimed &gt;
/// swap_cluster_max &amp;&amp; priority &lt; DEF_PRIORITY &amp;&amp; !current_is_kswapd())" [R]); in 2.6.36 at
/// its target below DEF_PRIORITY [R]; from 3.x once the zone's own reclaim reaches the target
/// below DEF_PRIORITY (global direct reclaim scans the whole count at DEF_PRIORITY [R]).</item>
/// <item>A batch, shrink_inactive_list / shrink_page_list: the pages under writeback are kept;
/// a dirty page is written (pageout: PG_reclaim, under writeback, no longer dirty) where direct
/// reclaim may write, to 3.1 (ee72886d8ed5, 3.2 [R]), may_writepage is set and the queue is not
/// congested (<see cref="CongestionOn"/>), else kept; a
/// pinned page is kept (the reference freeze fails); a clean page is freed. From 3.2 to 4.10 a
/// reclaim with may_writepage off isolates with ISOLATE_CLEAN: dirty pages and pages under
/// writeback are scanned but not taken [R]. What is kept, and what was not taken, goes back to
/// the list's head in the order scanned.</item>
/// <item>A nap lets every write in flight complete (the harness's schedule: the disk is
/// faster than HZ/10), oldest first; each page completed that reclaim marked is rotated to the
/// tail (rotate_reclaimable_page [R]).</item>
/// <item>The flushers are woken as a thread queued (pdflush's background_writeout to 2.6.31, one
/// a pdflush thread of the pool while one is idle; the flusher's work from 2.6.32, queued once);
/// none of them runs during the call.</item>
/// </list>
/// Left out, because no case reaches them: the active list (no page is active or referenced),
/// throttle_vm_writeout (a case writes at most a few hundred pages on a machine of 2^18, far
/// under the dirty threshold), 4.11's wake-up on a batch of unqueued dirty pages and 6.9's
/// reclaim_throttle (cases of those eras have no dirty pages), slab shrinking (nothing to free).
/// </summary>
internal static class DirectReclaimReference
{
    private const int SwapClusterMax = 32;
    private const int DefPriority = 12;
    private const long Hz = 100; // the model's CONFIG_HZ
    private const int PdflushThreads = 2;

    /// <summary>
    /// Write requests in flight at which the queue reports write congestion:
    /// queue_congestion_on_threshold, nr_requests - nr_requests / 8 + 1 with BLKDEV_MAX_RQ (128)
    /// requests, a page a request [R]. pageout then keeps a dirty page
    /// (may_write_to_queue: a congested queue is written only by kswapd and a task that is its
    /// writer [R]).
    /// </summary>
    private const int CongestionOn = 128 - (128 / 8) + 1;

    /// <summary>
    /// The events of the call on <paramref name="c"/>'s state, and what it returned.
    /// <paramref name="thresholdDivisor"/> is the kernel's 2 in writeback_threshold's
    /// nr_to_reclaim / 2; another value is a reference made wrong on purpose, for the test that
    /// the comparison notices.
    /// </summary>
    public static (IReadOnlyList<ReclaimEvent> Events, int Reclaimed) Run(ReclaimCase c, int thresholdDivisor = 2)
    {
        var era = c.Era;
        var events = new List<ReclaimEvent>();
        var lru = c.Pages.Select(kind => new RefPage(kind)).ToList(); // [0] is the tail, the oldest
        var inFlight = new Queue<RefPage>();
        var mayWritepage = !c.LaptopMode;
        var flushersQueued = 0;
        var hasDirtyIo = c.Pages.Contains(ReclaimPage.Dirty);
        long saved = 0, totalScanned = 0;
        var reclaimed = 0;
        for (var priority = DefPriority; priority >= 0; priority--)
        {
            long nrScanned = 0;
            long nr = (lru.Count >> priority) + (era == KernelEra.V2_6_20 ? 1 : 0);
            if (era is >= KernelEra.V2_6_20 and <= KernelEra.V2_6_36)
            {
                saved += nr;
                nr = saved < SwapClusterMax ? 0 : saved;
                saved = nr > 0 ? 0 : saved;
            }

            var zoneReclaimed = 0;
            while (nr > 0)
            {
                var batch = (int)Math.Min(nr, SwapClusterMax);
                nr -= batch;
                var scanned = lru.Take(batch).ToList();
                lru.RemoveRange(0, scanned.Count);
                nrScanned += scanned.Count;
                var isolateClean = era == KernelEra.V3_19 && !mayWritepage;
                int taken = 0, freed = 0, written = 0;
                var back = new List<RefPage>();
                foreach (var page in scanned)
                {
                    if (isolateClean && (page.Dirty || page.Writeback))
                    {
                        back.Add(page);
                        continue;
                    }

                    taken++;
                    if (page.Writeback || page.Kind == ReclaimPage.Pinned)
                    {
                        back.Add(page);
                    }
                    else if (page.Dirty)
                    {
                        if (era <= KernelEra.V2_6_36 && mayWritepage && inFlight.Count < CongestionOn)
                        {
                            page.Dirty = false;
                            page.Writeback = true;
                            page.Reclaim = true;
                            inFlight.Enqueue(page);
                            written++;
                        }

                        back.Add(page);
                    }
                    else
                    {
                        freed++;
                    }
                }

                lru.AddRange(back);
                reclaimed += freed;
                zoneReclaimed += freed;
                events.Add(new ReclaimEvent.Batch(priority, scanned.Count, taken, freed, written));
                var below = priority < DefPriority;
                var bail = era switch
                {
                    KernelEra.V2_6_20 => false,
                    KernelEra.V2_6_29 => below && reclaimed > SwapClusterMax,
                    KernelEra.V2_6_36 => below && reclaimed >= SwapClusterMax,
                    _ => below && zoneReclaimed >= SwapClusterMax,
                };
                if (bail)
                {
                    break;
                }
            }

            totalScanned += nrScanned;
            if (reclaimed >= SwapClusterMax)
            {
                break;
            }

            var low = priority < DefPriority - 2;
            if (era >= KernelEra.V3_19 && low)
            {
                mayWritepage = true;
            }

            if (era <= KernelEra.V3_19 && totalScanned > SwapClusterMax + (SwapClusterMax / thresholdDivisor))
            {
                // pdflush_operation hands the work to an idle thread of the pool, of
                // MIN_PDFLUSH_THREADS (2) here, and refuses it when every one is busy [R]; the
                // flusher thread of 2.6.32 on is one, its work queued once.
                // From 2.6.32 wakeup_flusher_threads queues work only for a bdi with dirty
                // inodes (bdi_has_dirty_io [R]): the file's, once it had a dirty page.
                var queues = era >= KernelEra.V2_6_36 ? flushersQueued < 1 && hasDirtyIo : flushersQueued < PdflushThreads;
                if (queues)
                {
                    events.Add(new ReclaimEvent.Spawn(era >= KernelEra.V2_6_36 ? "flusher" : "pdflush background_writeout"));
                    flushersQueued++;
                }

                mayWritepage = true;
            }

            if (era <= KernelEra.V2_6_36 && nrScanned > 0 && low)
            {
                events.Add(new ReclaimEvent.Nap("congestion_wait", Hz / 10));
                while (inFlight.TryDequeue(out var done))
                {
                    done.Writeback = false;
                    if (done.Reclaim && lru.Remove(done))
                    {
                        lru.Insert(0, done);
                    }

                    done.Reclaim = false;
                }
            }
        }

        return (events, reclaimed);
    }

    private sealed class RefPage(ReclaimPage kind)
    {
        public ReclaimPage Kind { get; } = kind;

        public bool Dirty { get; set; } = kind == ReclaimPage.Dirty;

        public bool Writeback { get; set; }

        public bool Reclaim { get; set; }
    }
}
