using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Mm;

/// <summary>
/// What one reclaim carries through its priority loop: its target, what it has reclaimed and
/// scanned, whether it may write pages, the round's priority, and whose reclaim it is: a task's
/// direct reclaim, kswapd's (current_is_kswapd), or a memcg's limit reclaim (target_mem_cgroup,
/// with the charge's gfp mask).
/// </summary>
[Models("mm/vmscan.c", "struct scan_control", "3.18")]
internal sealed class ScanControl
{
    /// <summary>
    /// nr_to_reclaim (swap_cluster_max before 2.6.32; 2.5.31's nr_pages): SWAP_CLUSTER_MAX for
    /// direct and memcg reclaim; kswapd's is its own (ULONG_MAX in 2.6.32 to 3.10, the zone's or
    /// node's high watermark from 3.11), set as its loop goes.
    /// </summary>
    public long NrToReclaim { get; set; }

    /// <summary>nr_reclaimed: pages freed so far by this call.</summary>
    public int NrReclaimed { get; set; }

    /// <summary>nr_scanned: pages scanned in this round (zeroed at the start of each).</summary>
    public long NrScanned { get; set; }

    /// <summary>may_writepage: !laptop_mode at the start, raised by the loop in the eras that do.</summary>
    public bool MayWritepage { get; set; }

    /// <summary>priority: the round's, from the era's DEF_PRIORITY down.</summary>
    public int Priority { get; set; }

    /// <summary>may_deactivate (file): the round deactivates the active list (5.5 on, decided at the round's start).</summary>
    public bool MayDeactivate { get; set; }

    /// <summary>force_deactivate: the loop's second pass, which deactivates whatever the ratio says (5.5 on).</summary>
    public bool ForceDeactivate { get; set; }

    /// <summary>skipped_deactivate: a round had active pages to scan and left them (5.5 on).</summary>
    public bool SkippedDeactivate { get; set; }

    /// <summary>current_is_kswapd(): the reclaimer is kswapd, whose shrink_page_list may write filesystem pages from 3.2.</summary>
    public bool Kswapd { get; init; }

    /// <summary>target_mem_cgroup: the memcg whose limit this reclaim is for; null for global reclaim.</summary>
    public MemCgroup? TargetMemCgroup { get; init; }

    /// <summary>gfp_mask: GFP_KERNEL for kswapd, the allocation's for direct reclaim, the charge's for memcg reclaim.</summary>
    public Gfp GfpMask { get; init; } = Gfp.Kernel;

    /// <summary>Global direct reclaim: neither kswapd nor a memcg's limit reclaim.</summary>
    public bool GlobalDirect => !Kswapd && TargetMemCgroup is null;

    /// <summary>may_enter_fs: whether shrink_page_list may write a dirty filesystem page for this reclaimer (__GFP_FS).</summary>
    public bool MayEnterFs => GfpMask.HasFlag(Gfp.Fs);

    /// <summary>
    /// 2.5.31: the pages -&gt;vm_writeback has written for this call's dirty pages, which
    /// shrink_cache takes off its max_scan (a local of shrink_cache's in the kernel).
    /// </summary>
    public long NrVmWritebackWritten { get; set; }

    /// <summary>
    /// The zones the allocation may use, in its order: what the loop scans, and in 2.5.31, whose
    /// one list holds every zone's pages, the pages shrink_cache may free (its memclass).
    /// Set by <see cref="Vmscan.DoTryToFreePages"/>; kswapd's zone-by-zone loop scans one zone's LRU,
    /// whose pages are all the zone's.
    /// </summary>
    public IReadOnlyList<Zone> Zonelist { get; set; } = [];
}
