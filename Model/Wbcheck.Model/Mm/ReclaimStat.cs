using Wbcheck.Model.Citations;
using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Mm;

/// <summary>
/// What shrink_page_list counted over one batch of isolated pages that the flags after the batch
/// are set from: the pages taken, those that were dirty and not under writeback when reclaim
/// held their lock (not yet queued for I/O), those under writeback, and those under writeback
/// that kswapd had marked before while the zone (node) was flagged as writing back (immediate).
/// </summary>
[Models("mm/vmscan.c", "struct reclaim_stat (nr_dirty, nr_unqueued_dirty, nr_congested, nr_writeback, nr_immediate, nr_taken)", "4.19")]
internal sealed class ReclaimStat
{
    public int NrTaken { get; set; }

    public int NrUnqueuedDirty { get; set; }

    public int NrWriteback { get; set; }

    public int NrImmediate { get; set; }

    /// <summary>nr_dirty: the pages dirty or under writeback when reclaim held their lock (page_check_dirty_writeback).</summary>
    public int NrDirty { get; set; }

    /// <summary>nr_congested: those of <see cref="NrDirty"/> counted as congested (<see cref="Vmscan"/>'s CountCongested).</summary>
    public int NrCongested { get; set; }

    /// <summary>
    /// The pages -&gt;vm_writeback wrote for the batch's dirty pages (2.5.31: SWAP_CLUSTER_MAX less
    /// what was left of nr_to_write), which shrink_cache takes off its max_scan
    /// (<see cref="ReclaimEras.ReclaimWritesThroughVmWriteback"/>).
    /// </summary>
    public int NrVmWritebackWritten { get; set; }

    /// <summary>Every dirty or writeback page of the batch was congested, of a batch that had any (nr_dirty &amp;&amp; nr_dirty == nr_congested).</summary>
    public bool AllDirtyCongested => NrDirty != 0 && NrDirty == NrCongested;

    /// <summary>Every page the batch took was dirty and not yet queued for I/O (nr_unqueued_dirty == nr_taken, of a batch that took any).</summary>
    public bool AllUnqueuedDirty => NrTaken != 0 && NrUnqueuedDirty == NrTaken;

    /// <summary>
    /// sc-&gt;target_mem_cgroup: the memcg whose limit reclaim this is (null: global reclaim).
    /// A field of scan_control, not of reclaim_stat: the model's batch carries it to shrink_page_list.
    /// </summary>
    public MemCgroup? TargetMemCgroup { get; init; }

    /// <summary>sc-&gt;gfp_mask's reclaim bits (GFP_KERNEL for the model's global reclaimers).</summary>
    public Gfp GfpMask { get; init; } = Gfp.Kernel;
}
